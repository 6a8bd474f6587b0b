import { argumentFault, assertNonNegativeInteger, assertPositiveInteger, assertSeed, describe } from './errors.js';
import { MT19937 } from './mt19937.js';

export interface ShiftOptions {
  /** Shifted copies made of each image. */
  readonly copies: number;
  /** The largest shift in pixels, in x and in y (each copy draws both from -maxShift..maxShift). */
  readonly maxShift: number;
  readonly seed: number;
}

export interface ShiftedImages {
  /** copies x count images, copy-major: copy k of image i is image k*count + i. */
  readonly images: Uint8Array;
  /** For each new image, the index of the image it was shifted from (to carry its label). */
  readonly source: Int32Array;
}

/**
 * Data augmentation by translation: copies of each image moved by a random whole number of pixels,
 * the uncovered border filled with paper (0). The book's dataset itself is built from such shifts
 * (its 9 jitters of -3/0/+3 px), so a classifier that sees more of them generalizes better.
 */
export function shiftImages(images: Uint8Array, height: number, width: number, options: ShiftOptions): ShiftedImages {
  assertPositiveInteger(height, 'shiftImages', 'height');
  assertPositiveInteger(width, 'shiftImages', 'width');
  const size = height * width;
  if (!(images instanceof Uint8Array) || images.length % size !== 0) {
    argumentFault('shiftImages', 'images', `a Uint8Array of whole ${height}x${width} images`, describe(images));
  }
  const { copies, maxShift, seed } = options;
  assertPositiveInteger(copies, 'shiftImages', 'copies');
  assertNonNegativeInteger(maxShift, 'shiftImages', 'maxShift');
  assertSeed(seed, 'shiftImages');
  const count = images.length / size;
  const random = new MT19937(seed);
  const out = new Uint8Array(copies * images.length);
  const source = new Int32Array(copies * count);
  for (let k = 0; k < copies; k++) {
    for (let i = 0; i < count; i++) {
      const dx = random.randomInterval(2 * maxShift) - maxShift;
      const dy = random.randomInterval(2 * maxShift) - maxShift;
      const target = (k * count + i) * size;
      source[k * count + i] = i;
      for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
        const from = i * size + (y - dy) * width;
        const x0 = Math.max(0, dx);
        const x1 = Math.min(width, width + dx);
        out.set(images.subarray(from + x0 - dx, from + x1 - dx), target + y * width + x0);
      }
    }
  }
  return { images: out, source };
}
