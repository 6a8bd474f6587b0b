import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpz } from '@typeflow/data';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { readGlyphPng } from '../src/glyph-image.js';
import { type PngPicture, writePng } from './png-writer.js';
import { BOOK_DATA, tempDir } from './run-cli.js';

const SIDE = 36;
const dir = tempDir();

// A real glyph of the book's data (0 = paper, 255 = ink, bottom row first) as a grey picture: 255 =
// white paper, top row first, the way a PNG holds it.
const images = readNpz(readFileSync(BOOK_DATA)).arr_0?.data as Uint8Array;
const ink = images.slice(0, SIDE * SIDE);
const grey = Array.from(
  { length: SIDE * SIDE },
  (_, i) => 255 - (ink[(SIDE - 1 - Math.floor(i / SIDE)) * SIDE + (i % SIDE)] as number),
);

/** What the reader must return for a grey picture (top row first, 255 = paper). */
function inkOf(greyLevels: readonly number[]): Uint8Array {
  const out = new Uint8Array(SIDE * SIDE);
  greyLevels.forEach((v, i) => {
    out[(SIDE - 1 - Math.floor(i / SIDE)) * SIDE + (i % SIDE)] = 255 - v;
  });
  return out;
}

/** The grey picture at `depth` bits: each level rounded to the nearest of 2^depth levels. */
function quantized(depth: number): { levels: number[]; samples: number[] } {
  const top = 2 ** depth - 1;
  const samples = grey.map((v) => Math.round((v * top) / 255));
  return { samples, levels: samples.map((q) => Math.round((q * 255) / top)) };
}

/** A palette picture: the distinct levels in reverse order, so an index is never its own grey level. */
function paletted(depth: 1 | 2 | 4 | 8): Pick<PngPicture, 'samples' | 'palette'> & { levels: number[] } {
  const { levels } = depth === 8 ? { levels: grey } : quantized(depth);
  const distinct = [...new Set(levels)].sort((a, b) => b - a);
  return {
    levels,
    samples: levels.map((v) => distinct.indexOf(v)),
    palette: distinct.map((v) => [v, v, v] as const),
  };
}

function read(name: string, picture: Omit<PngPicture, 'width' | 'height'>): Uint8Array {
  const file = join(dir, `${name}.png`);
  writeFileSync(file, writePng({ width: SIDE, height: SIDE, ...picture }));
  return readGlyphPng(file);
}

const rgb = (levels: readonly number[], scale = 1) => levels.flatMap((v) => [v * scale, v * scale, v * scale]);

describe('readGlyphPng reads every PNG colour type and bit depth as the same glyph', () => {
  it('8-bit grey is the glyph itself', () => {
    expect(read('grey8', { colourType: 0, depth: 8, samples: grey })).toEqual(ink);
  });

  it.each([1, 2, 4] as const)('%i-bit grey', (depth) => {
    const { samples, levels } = quantized(depth);
    expect(read(`grey${depth}`, { colourType: 0, depth, samples })).toEqual(inkOf(levels));
    expect(read(`grey${depth}-adam7`, { colourType: 0, depth, samples, interlace: true })).toEqual(inkOf(levels));
  });

  it('16-bit grey, grey + alpha, RGB and RGBA (8 and 16 bits)', () => {
    expect(read('grey16', { colourType: 0, depth: 16, samples: grey.map((v) => v * 257) })).toEqual(ink);
    expect(read('ga8', { colourType: 4, depth: 8, samples: grey.flatMap((v) => [v, 255]) })).toEqual(ink);
    expect(read('rgb8', { colourType: 2, depth: 8, samples: rgb(grey) })).toEqual(ink);
    expect(read('rgb16', { colourType: 2, depth: 16, samples: rgb(grey, 257) })).toEqual(ink);
    const rgba16 = grey.flatMap((v) => [v * 257, v * 257, v * 257, 65535]);
    expect(read('rgba16', { colourType: 6, depth: 16, samples: rgba16 })).toEqual(ink);
    expect(read('rgba16-adam7', { colourType: 6, depth: 16, samples: rgba16, interlace: true })).toEqual(ink);
  });

  it.each([1, 2, 4, 8] as const)('%i-bit palette (colours looked up, not indices read as grey)', (depth) => {
    const { samples, palette, levels } = paletted(depth);
    expect(read(`palette${depth}`, { colourType: 3, depth, samples, palette })).toEqual(inkOf(levels));
    expect(read(`palette${depth}-adam7`, { colourType: 3, depth, samples, palette, interlace: true })).toEqual(
      inkOf(levels),
    );
  });

  it('transparency is composited on white paper: palette tRNS, grey and RGB keys, alpha channels', () => {
    // The darkest palette entry fully transparent, the next half transparent.
    const { samples, palette, levels } = paletted(4);
    const alphas = palette?.map((_, i) => (i === palette.length - 1 ? 0 : i === palette.length - 2 ? 128 : 255));
    const second = palette?.at(-2)?.[0] as number;
    const blended = Math.round((((second / 255) * 128) / 255) * 255 + (1 - 128 / 255) * 255);
    const darkest = Math.min(...levels);
    const seen = levels.map((v) => (v === darkest ? 255 : v === second ? blended : v));
    expect(read('palette-trns', { colourType: 3, depth: 4, samples, palette, transparency: alphas })).toEqual(
      inkOf(seen),
    );
    // A grey key: every pixel of the darkest grey is transparent, so it reads as paper.
    const key = Math.min(...grey);
    const keyed = grey.map((v) => (v === key ? 255 : v));
    expect(read('grey-key', { colourType: 0, depth: 8, samples: grey, transparency: [key] })).toEqual(inkOf(keyed));
    expect(
      read('grey16-key', { colourType: 0, depth: 16, samples: grey.map((v) => v * 257), transparency: [key * 257] }),
    ).toEqual(inkOf(keyed));
    expect(read('rgb-key', { colourType: 2, depth: 8, samples: rgb(grey), transparency: [key, key, key] })).toEqual(
      inkOf(keyed),
    );
    // An alpha channel: the left half of the picture transparent.
    const leftClear = (i: number) => (i % SIDE < SIDE / 2 ? 0 : 255);
    const cleared = grey.map((v, i) => (leftClear(i) === 0 ? 255 : v));
    expect(read('ga-half', { colourType: 4, depth: 8, samples: grey.flatMap((v, i) => [v, leftClear(i)]) })).toEqual(
      inkOf(cleared),
    );
    const rgba = grey.flatMap((v, i) => [v, v, v, leftClear(i)]);
    expect(read('rgba-half', { colourType: 6, depth: 8, samples: rgba })).toEqual(inkOf(cleared));
  });

  it('refuses a file that is missing, not a PNG, truncated or of the wrong size, naming --image', () => {
    const png = writePng({ width: SIDE, height: SIDE, colourType: 0, depth: 8, samples: grey });
    const truncated = join(dir, 'truncated.png');
    writeFileSync(truncated, png.subarray(0, png.length - 30));
    const small = join(dir, 'small.png');
    writeFileSync(small, writePng({ width: 8, height: 8, colourType: 0, depth: 8, samples: new Array(64).fill(0) }));
    for (const [file, message] of [
      [join(dir, 'missing.png'), /--image .*missing\.png does not exist/],
      [BOOK_DATA, /--image .* is not a readable PNG file/],
      [truncated, /--image .*truncated\.png is not a readable PNG file/],
      [small, /--image .*small\.png is 8x8; expected a 36x36 glyph/],
    ] as const) {
      expect(() => readGlyphPng(file)).toThrow(UsageError);
      expect(() => readGlyphPng(file)).toThrow(message);
    }
  });
});
