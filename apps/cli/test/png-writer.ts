/**
 * Test support: writes PNGs of every colour type and bit depth, palettes with tRNS alphas, grey and RGB
 * transparency keys, and Adam7 interlacing, straight from the PNG specification, so the glyph reader is
 * checked against files no PNG library of ours produced.
 */
import { crc32, deflateSync } from 'node:zlib';

/** PNG colour types: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha. */
export type ColourType = 0 | 2 | 3 | 4 | 6;

export interface PngPicture {
  readonly width: number;
  readonly height: number;
  readonly colourType: ColourType;
  readonly depth: 1 | 2 | 4 | 8 | 16;
  /** Row-major samples, `channels` per pixel, each in 0..2^depth-1 (palette indices for type 3). */
  readonly samples: ArrayLike<number>;
  /** PLTE entries [r, g, b] (type 3). */
  readonly palette?: readonly (readonly [number, number, number])[];
  /** tRNS: an alpha per palette entry (type 3), or the one transparent grey [v] or colour [r, g, b]. */
  readonly transparency?: readonly number[];
  readonly interlace?: boolean;
}

const CHANNELS: Record<ColourType, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

// Adam7 passes: [x0, y0, dx, dy].
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export function writePng(picture: PngPicture): Uint8Array {
  const { width, height, colourType, depth } = picture;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([depth, colourType, 0, 0, picture.interlace ? 1 : 0], 8);
  const passes = picture.interlace ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const scanlines: number[] = [];
  for (const [x0, y0, dx, dy] of passes)
    for (let y = y0; y < height; y += dy) {
      const xs: number[] = [];
      for (let x = x0; x < width; x += dx) xs.push(x);
      if (xs.length > 0) scanlines.push(0, ...packRow(picture, y, xs)); // filter type 0 (None)
    }
  const chunks = [chunk('IHDR', header)];
  if (picture.palette) chunks.push(chunk('PLTE', Uint8Array.from(picture.palette.flat())));
  if (picture.transparency) {
    const trns =
      colourType === 3
        ? Uint8Array.from(picture.transparency)
        : Uint8Array.from(picture.transparency.flatMap((v) => [v >> 8, v & 255]));
    chunks.push(chunk('tRNS', trns));
  }
  chunks.push(chunk('IDAT', deflateSync(Uint8Array.from(scanlines))), chunk('IEND', new Uint8Array(0)));
  return concat([Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10), ...chunks]);
}

/** One scanline of the pixels at columns `xs` of row `y`: samples packed most significant bit first. */
function packRow(picture: PngPicture, y: number, xs: readonly number[]): number[] {
  const { width, depth, samples } = picture;
  const channels = CHANNELS[picture.colourType];
  const values = xs.flatMap((x) =>
    Array.from({ length: channels }, (_, c) => samples[(y * width + x) * channels + c] as number),
  );
  if (depth === 16) return values.flatMap((v) => [v >> 8, v & 255]);
  const bytes = new Array<number>(Math.ceil((values.length * depth) / 8)).fill(0);
  values.forEach((v, i) => {
    const bit = i * depth;
    bytes[bit >> 3] = (bytes[bit >> 3] as number) | (v << (8 - depth - (bit & 7)));
  });
  return bytes;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
