import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { UsageError } from './errors.js';

/**
 * A 36x36 PNG of one glyph (dark ink on light paper) in the dataset's layout: 0 = paper, 255 = ink,
 * rows bottom row first. pngjs expands every colour type and bit depth to 8-bit RGBA (palettes through
 * PLTE and tRNS, grey and RGB transparency keys as alpha); transparency is composited on white paper.
 */
export function readGlyphPng(path: string, side = 36): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--image ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`);
  }
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw new UsageError(`--image ${path} is not a readable PNG file (${(error as Error).message})`);
  }
  if (png.width !== side || png.height !== side) {
    throw new UsageError(`--image ${path} is ${png.width}x${png.height}; expected a ${side}x${side} glyph`);
  }
  const rgba = png.data;
  const out = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 4;
      const luminance = 0.299 * (rgba[i] as number) + 0.587 * (rgba[i + 1] as number) + 0.114 * (rgba[i + 2] as number);
      const alpha = (rgba[i + 3] as number) / 255;
      const paper = (luminance / 255) * alpha + (1 - alpha);
      out[(side - 1 - y) * side + x] = Math.round((1 - paper) * 255);
    }
  }
  return out;
}
