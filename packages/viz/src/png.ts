import { encode } from 'fast-png';
import type { ColorTable } from './colormap.js';

/**
 * Colours a height x width grid of levels (0..255, -1 = missing) through `table` and returns a PNG data
 * URL. Missing pixels are transparent, so the white background shows. Gray maps give one-channel PNGs
 * (a third of the bytes): a 5 x 62 montage of 36 x 36 glyphs stays a few hundred kB.
 */
export function levelsToPng(levels: Int16Array, width: number, height: number, table: ColorTable): string {
  let missing = false;
  for (let i = 0; i < levels.length; i++) if ((levels[i] as number) < 0) missing = true;
  const colours = table.isGray ? 1 : 3;
  const channels = colours + (missing ? 1 : 0);
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as number;
    const at = i * channels;
    if (level < 0) continue; // all zero: transparent
    if (table.isGray) data[at] = table.rgb[level * 3] as number;
    else data.set(table.rgb.subarray(level * 3, level * 3 + 3), at);
    if (missing) data[at + colours] = 255;
  }
  return `data:image/png;base64,${base64(encode({ width, height, data, channels, depth: 8 }))}`;
}

// btoa exists in browsers and in Node >= 16, so this works in both without Buffer.
function base64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
