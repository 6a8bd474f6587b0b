import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError, setBackend, tensor, ValueError } from '../index.js';
import { BACKENDS } from '../testing.js';
import { broadcastTo, concat, gather, pad, reshape, slice, transpose } from './shape.js';

const iota = (n: number) => Array.from({ length: n }, (_, i) => i);

describe.each(BACKENDS)('shape ops on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('reshape keeps C order and infers one -1', () => {
    const r = reshape(tensor(iota(6), [2, 3]), [3, -1]);
    expect(r.shape).toEqual([3, 2]);
    expect(r.toArray()).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('reshape to the wrong size names both shapes', () => {
    const bad = () => reshape(tensor(iota(6), [2, 3]), [4, 2]);
    expect(bad).toThrow(ShapeError);
    expect(bad).toThrow("reshape: argument 'shape' expected a shape of 6 elements (from [2, 3]), got [4, 2]");
  });

  it('transpose reverses axes or follows a permutation', () => {
    expect(transpose(tensor(iota(6), [2, 3])).toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    const t = transpose(tensor(iota(24), [2, 3, 4]), [1, 0, 2]);
    expect(t.shape).toEqual([3, 2, 4]);
    // Element [i, j, k] of the result is element [j, i, k] of the input: offset j*12 + i*4 + k.
    expect(t.dataSync()[1 * 8 + 1 * 4 + 2]).toBe(1 * 12 + 1 * 4 + 2);
    expect(() => transpose(tensor(iota(6), [2, 3]), [0, 0])).toThrow(ValueError);
  });

  it('slice, concat, pad, broadcastTo and gather', () => {
    const x = tensor(iota(12), [3, 4]);
    expect(slice(x, [1, 1], [2, -1]).toArray()).toEqual([
      [5, 6, 7],
      [9, 10, 11],
    ]);
    expect(() => slice(x, [2, 0], [2, 4])).toThrow(ValueError);
    expect(concat([tensor([[1, 2]]), tensor([[3, 4]])], 0).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => concat([tensor([[1, 2]]), tensor([[3]])], 0)).toThrow(ShapeError);
    expect(
      pad(tensor([[1]]), [
        [1, 0],
        [0, 1],
      ]).toArray(),
    ).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(broadcastTo(tensor([1, 2]), [2, 2]).toArray()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(() => broadcastTo(tensor([1, 2, 3]), [2, 2])).toThrow(ShapeError);
    expect(gather(x, tensor([2, 0], [2], 'int32')).toArray()).toEqual([
      [8, 9, 10, 11],
      [0, 1, 2, 3],
    ]);
  });
});
