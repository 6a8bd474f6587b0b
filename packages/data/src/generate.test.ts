import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import type { FontDataset } from './font-dataset.js';
import { loadFontDataset } from './font-dataset.js';
import { FONT_CHARACTERS, FONT_FAMILIES } from './fonts.js';
import { BOOK_JITTER_ORDER, generateFontDataset } from './generate.js';
import { BOOK_DATA } from './test-paths.js';

const SIDE = 36;
const PIXELS = SIDE * SIDE;
const UNSHIFTED = 6;

let data: FontDataset;
let reseeded: FontDataset;
beforeAll(() => {
  data = generateFontDataset();
  reseeded = generateFontDataset({ seed: 1 });
});

const sha256 = (d: FontDataset) => createHash('sha256').update(d.images).update(d.labels).digest('hex');
const image = (d: FontDataset, index: number) => d.images.subarray(index * PIXELS, (index + 1) * PIXELS);
const indexOf = (font: number, char: number, jitter: number) => (font * 62 + char) * 9 + jitter;

/** Mean ink centroid (row, column) in stored order over all images of one jitter. */
function centroid(d: FontDataset, jitter: number): [number, number] {
  let rows = 0;
  let cols = 0;
  let ink = 0;
  for (let i = jitter; i < d.count; i += 9) {
    image(d, i).forEach((v, p) => {
      rows += v * Math.floor(p / SIDE);
      cols += v * (p % SIDE);
      ink += v;
    });
  }
  return [rows / ink, cols / ink];
}

/** Rows from the lowest to the highest with a pixel over 64 (about a quarter covered). */
function inkHeight(pixels: Uint8Array): number {
  let top = -1;
  let bottom = SIDE;
  pixels.forEach((v, p) => {
    if (v <= 64) return;
    top = Math.max(top, Math.floor(p / SIDE));
    bottom = Math.min(bottom, Math.floor(p / SIDE));
  });
  return top - bottom + 1;
}

/** A 3x3 box blur, so that a sub-pixel offset hardly counts (integers, so exact). */
function blur(pixels: Uint8Array): Float64Array {
  const out = new Float64Array(PIXELS);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      let sum = 0;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const inside = r + dr >= 0 && r + dr < SIDE && c + dc >= 0 && c + dc < SIDE;
          if (inside) sum += pixels[(r + dr) * SIDE + c + dc] as number;
        }
      }
      out[r * SIDE + c] = sum;
    }
  }
  return out;
}

function meanAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

describe('generateFontDataset', () => {
  it("has the book's layout: 5 fonts x 62 characters x 9 jitters of 36x36, label = font", () => {
    expect(data.count).toBe(2790);
    expect([data.height, data.width, data.classes]).toEqual([36, 36, 5]);
    expect(data.images.length).toBe(2790 * PIXELS);
    expect(data.labels.every((label, i) => label === Math.floor(i / 558))).toBe(true);
    expect(data.classNames).toEqual([...FONT_FAMILIES]);
    expect(FONT_CHARACTERS).toHaveLength(62);
  });

  it('is deterministic: the same options give the same bytes, another seed other bytes', () => {
    expect(sha256(data)).toBe('11646531e7b74a2b82383d23970476a5716984add70e191e4e29490d95512f91');
    expect(sha256(generateFontDataset())).toBe(sha256(data));
    expect(sha256(reseeded)).not.toBe(sha256(data));
    expect(reseeded.labels).toEqual(data.labels);
  });

  it("shifts in the book's jitter order, as measured on the book's own file", async () => {
    const book = await loadFontDataset(BOOK_DATA);
    for (const d of [data, book]) {
      const [row0, col0] = centroid(d, UNSHIFTED);
      BOOK_JITTER_ORDER.forEach(([x, up], jitter) => {
        const [row, col] = centroid(d, jitter);
        // Rows are stored bottom row first, so a shift up is a larger row index.
        expect(Math.abs(row - row0 - 3 * up)).toBeLessThan(0.25);
        expect(Math.abs(col - col0 - 3 * x)).toBeLessThan(0.25);
      });
    }
  });

  it("sizes and centres glyphs like the book's: capitals 14-20 px high, centred, never clipped", () => {
    for (let font = 0; font < 5; font++) {
      const heights = [];
      for (let char = 10; char < 36; char++) heights.push(inkHeight(image(data, indexOf(font, char, UNSHIFTED))));
      const mean = heights.reduce((a, b) => a + b) / heights.length;
      expect(mean).toBeGreaterThanOrEqual(14);
      expect(mean).toBeLessThanOrEqual(20);
    }
    const [row, col] = centroid(data, UNSHIFTED);
    expect(Math.abs(row - 17.5)).toBeLessThan(1);
    expect(Math.abs(col - 17.5)).toBeLessThan(1);
    let border = 0;
    for (let i = 0; i < data.count; i++) {
      const pixels = image(data, i);
      for (let k = 0; k < SIDE; k++) {
        border += (pixels[k] as number) + (pixels[PIXELS - SIDE + k] as number);
        border += (pixels[k * SIDE] as number) + (pixels[k * SIDE + SIDE - 1] as number);
      }
    }
    expect(border).toBe(0);
    const mean = data.images.reduce((a, b) => a + b, 0) / data.images.length;
    expect(mean).toBeGreaterThan(12); // the book's: 17.3
    expect(mean).toBeLessThan(23);
  });

  it('draws fonts that are told apart: each glyph re-rendered is nearest to its own font', () => {
    // For every character, the seed-1 render of each font is compared with the seed-0 renders of all
    // five fonts; a font that looked like another would be matched to it about half the time. Some
    // glyphs are alike in any two fonts (a sans and a monospace I, l or 1), hence 50 of 62, not 62.
    for (let font = 0; font < 5; font++) {
      let matched = 0;
      for (let char = 0; char < 62; char++) {
        const probe = blur(image(reseeded, indexOf(font, char, UNSHIFTED)));
        const distances = [0, 1, 2, 3, 4].map((f) =>
          meanAbsDifference(probe, blur(image(data, indexOf(f, char, UNSHIFTED)))),
        );
        if (distances.indexOf(Math.min(...distances)) === font) matched++;
      }
      expect(matched).toBeGreaterThanOrEqual(50);
    }
  });
});

describe('generateFontDataset options', () => {
  it('takes fonts (built-in or a file of your own), characters, size and jitter', () => {
    const woff = createRequire(import.meta.url).resolve(
      '@fontsource/alfa-slab-one/files/alfa-slab-one-latin-400-normal.woff',
    );
    const d = generateFontDataset({
      fonts: ['Oswald', { name: 'slab', path: woff }],
      characters: 'Hx',
      size: 12,
      jitter: 0,
    });
    expect(d.count).toBe(2 * 2 * 9);
    expect(d.classNames).toEqual(['Oswald', 'slab']);
    expect(Array.from(d.labels)).toEqual([...new Array(18).fill(0), ...new Array(18).fill(1)]);
    const h = image(d, 0);
    expect(Math.abs(inkHeight(h) - 12)).toBeLessThanOrEqual(1);
    // jitter 0: the nine copies differ only by the sub-pixel offset
    expect(meanAbsDifference(h, image(d, 8))).toBeLessThan(8);
  });

  it('refuses bad options by name', () => {
    const argument = (options: object) => {
      try {
        generateFontDataset(options as never);
      } catch (error) {
        expect(error).toBeInstanceOf(DataError);
        return (error as DataError).details.argument ?? (error as DataError).details.file;
      }
      return 'no error';
    };
    expect(argument({ fonts: [] })).toBe('fonts');
    expect(argument({ fonts: ['Oswald'] })).toBe('fonts');
    expect(argument({ fonts: ['Oswald', 'Comic Sans No Such Font'] })).toBe('fonts[1]');
    expect(argument({ fonts: ['Oswald', { name: 'x', path: '/no/such/font.ttf' }] })).toBe('fonts[1]');
    expect(argument({ characters: '' })).toBe('characters');
    expect(argument({ characters: 'aba' })).toBe('characters');
    expect(argument({ characters: 'a b' })).toBe('characters');
    expect(argument({ size: 40 })).toBe('size');
    expect(argument({ jitter: 1.5 })).toBe('jitter');
    expect(argument({ seed: -1 })).toBe('seed');
  });
});
