import { readFileSync } from 'node:fs';
import { decode } from 'fast-png';
import { UsageError } from './errors.js';

/**
 * A 36x36 PNG of one glyph (dark ink on light paper, any colour type) in the dataset's layout:
 * 0 = paper, 255 = ink, rows bottom row first.
 */
export function readGlyphPng(path: string, side = 36): Uint8Array {
  let png: ReturnType<typeof decode>;
  try {
    png = decode(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--image ${path} ${code === 'ENOENT' ? 'does not exist' : 'is not a readable PNG file'}`);
  }
  if (png.width !== side || png.height !== side) {
    throw new UsageError(`--image ${path} is ${png.width}x${png.height}; expected a ${side}x${side} glyph`);
  }
  const { channels, data } = png;
  const max = png.depth === 16 ? 65535 : png.depth === 8 ? 255 : 2 ** png.depth - 1;
  const colour = channels >= 3;
  const alpha = channels === 2 || channels === 4;
  const out = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * channels;
      const luminance = colour
        ? 0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number)
        : (data[i] as number);
      // Transparent pixels are paper: blend over white.
      const a = alpha ? (data[i + channels - 1] as number) / max : 1;
      const paper = (luminance / max) * a + (1 - a);
      out[(side - 1 - y) * side + x] = Math.round((1 - paper) * 255);
    }
  }
  return out;
}
