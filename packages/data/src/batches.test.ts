import { describe, expect, it } from 'vitest';
import { batches } from './batches.js';
import { DataError } from './errors.js';
import { MT19937 } from './mt19937.js';

describe('batches', () => {
  it('cuts 0..n-1 in order, the last batch holding the remainder', () => {
    expect(batches(7, { size: 3 }).map((b) => Array.from(b))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(batches(0, { size: 3 })).toEqual([]);
  });

  it("shuffles with numpy's permutation of the seed, the same every time", () => {
    const shuffled = batches(10, { size: 4, shuffle: true, seed: 1 });
    expect(shuffled.flatMap((b) => Array.from(b))).toEqual(Array.from(new MT19937(1).permutation(10)));
    expect(batches(10, { size: 4, shuffle: true, seed: 1 })).toEqual(shuffled);
    expect(batches(10, { size: 4, shuffle: true, seed: 2 })).not.toEqual(shuffled);
  });

  it('refuses a bad size, or shuffling without a seed', () => {
    expect(() => batches(10, { size: 0 })).toThrow(DataError);
    expect(() => batches(10, { size: 2, shuffle: true })).toThrow(/argument 'seed'/);
    expect(() => batches(-1, { size: 2 })).toThrow(/argument 'n'/);
  });
});
