import { describe, expect, it } from 'vitest';
import { shiftImages } from './augment.js';
import { DataError } from './errors.js';

describe('shiftImages', () => {
  // One 4x4 image with a single ink pixel at (x 1, y 2), and one blank image.
  const images = new Uint8Array(32);
  images[2 * 4 + 1] = 255;

  it('moves each copy by whole pixels within maxShift, keeping the ink unless it leaves the image', () => {
    const { images: out, source } = shiftImages(images, 4, 4, { copies: 50, maxShift: 1, seed: 3 });
    expect(out.length).toBe(50 * 32);
    expect(Array.from(source.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    const shifts = new Set<string>();
    for (let k = 0; k < 50; k++) {
      const copy = out.subarray(k * 32, k * 32 + 16);
      const ink = copy.findIndex((v) => v === 255);
      expect(copy.filter((v) => v !== 0).length).toBe(1); // the pixel stays inside a 4x4 after a 1 px shift
      shifts.add(`${(ink % 4) - 1},${Math.floor(ink / 4) - 2}`);
      expect(out.subarray(k * 32 + 16, k * 32 + 32).every((v) => v === 0)).toBe(true);
    }
    expect(shifts.size).toBe(9); // all of -1..1 in x and in y occur
  });

  it('gives the same copies for the same seed', () => {
    const a = shiftImages(images, 4, 4, { copies: 3, maxShift: 2, seed: 1 });
    expect(shiftImages(images, 4, 4, { copies: 3, maxShift: 2, seed: 1 }).images).toEqual(a.images);
  });

  it('refuses images that are not whole images and bad options', () => {
    expect(() => shiftImages(new Uint8Array(15), 4, 4, { copies: 1, maxShift: 1, seed: 0 })).toThrow(DataError);
    expect(() => shiftImages(images, 4, 4, { copies: 0, maxShift: 1, seed: 0 })).toThrow(
      /argument 'copies' expected a positive integer/,
    );
  });
});
