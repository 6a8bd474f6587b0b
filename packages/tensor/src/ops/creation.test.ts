import { beforeAll, describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, setBackend, ValueError } from '../index.js';
import { BACKENDS } from '../testing.js';
import { fill, ones, randomNormal, randomUniform, scalar, tensor, truncatedNormal, zeros } from './creation.js';

function stats(values: ArrayLike<number>): { mean: number; sd: number; min: number; max: number } {
  const list = Array.from(values);
  const mean = list.reduce((s, v) => s + v, 0) / list.length;
  const sd = Math.sqrt(list.reduce((s, v) => s + (v - mean) ** 2, 0) / list.length);
  return { mean, sd, min: Math.min(...list), max: Math.max(...list) };
}

describe.each(BACKENDS)('creation ops on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('tensor infers shapes from nested arrays and checks flat ones', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(tensor(new Int32Array([1, 2]), [2]).dtype).toBe('int32');
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => tensor([1], [1], 'float64' as never)).toThrow(DTypeError);
  });

  it('tensor keeps its own copy: writing to the array afterwards changes nothing', () => {
    const floats = new Float32Array([1, 2, 3, 4]);
    const ints = new Int32Array([5, 6]);
    const a = tensor(floats, [2, 2]);
    const b = tensor(ints, [2]);
    floats.fill(-1);
    ints.fill(-1);
    expect(Array.from(a.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(b.dataSync())).toEqual([5, 6]);
  });

  it('zeros, ones, fill and scalar', () => {
    expect(Array.from(zeros([2, 2]).dataSync())).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([3], 'int32').dataSync())).toEqual([1, 1, 1]);
    expect(Array.from(fill([2], 0.1).dataSync())).toEqual([Math.fround(0.1), Math.fround(0.1)]);
    expect(scalar(3).item()).toBe(3);
    expect(() => zeros([2, -1])).toThrow(ShapeError);
  });

  it.each([0, 1, 42])('seeded random ops give the same values twice (seed %i)', (seed) => {
    for (const make of [truncatedNormal, randomNormal, randomUniform]) {
      const first = make([100], { seed }).dataSync();
      expect(make([100], { seed }).dataSync()).toEqual(first);
      expect(make([100], { seed: seed + 1 }).dataSync()).not.toEqual(first);
    }
  });

  it('truncatedNormal redraws beyond 2 standard deviations', () => {
    const s = stats(truncatedNormal([20_000], { seed: 3, mean: 1, stddev: 0.5 }).dataSync());
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThanOrEqual(2);
    expect(s.mean).toBeCloseTo(1, 1);
    // A normal truncated at 2 sd has a standard deviation of 0.88 sd.
    expect(s.sd).toBeCloseTo(0.88 * 0.5, 1);
  });

  it('randomUniform stays in [min, max) and randomNormal has the asked moments', () => {
    const u = stats(randomUniform([20_000], { seed: 4, min: -2, max: 3 }).dataSync());
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThan(3);
    const n = stats(randomNormal([20_000], { seed: 5, mean: -1, stddev: 2 }).dataSync());
    expect(n.mean).toBeCloseTo(-1, 1);
    expect(n.sd).toBeCloseTo(2, 1);
  });

  it('refuses a missing seed and a non-positive stddev', () => {
    expect(() => truncatedNormal([2], {} as never)).toThrow(/argument 'seed' expected an integer seed/);
    expect(() => truncatedNormal([2], { seed: 1, stddev: 0 })).toThrow(ValueError);
    expect(() => randomUniform([2], { seed: 1, min: 1, max: 1 })).toThrow(ValueError);
  });
});
