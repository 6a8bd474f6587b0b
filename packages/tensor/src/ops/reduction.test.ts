import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tensor, ValueError } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { argmax, max, mean, min, sum } from './reduction.js';

/** Float64 reduction of a [2, 3, 4] array over one axis. */
function reduceAxis(x: Float32Array, axis: number, f: (values: number[]) => number): number[] {
  const dims = [2, 3, 4];
  const strides = [12, 4, 1];
  const outDims = dims.filter((_, i) => i !== axis);
  const out: number[] = [];
  for (let i = 0; i < (outDims[0] as number); i++) {
    for (let j = 0; j < (outDims[1] as number); j++) {
      const values: number[] = [];
      for (let r = 0; r < (dims[axis] as number); r++) {
        const idx = [i, j];
        idx.splice(axis, 0, r);
        values.push(x[idx.reduce((s, v, d) => s + v * (strides[d] as number), 0)] as number);
      }
      out.push(f(values));
    }
  }
  return out;
}

const total = (v: number[]) => v.reduce((s, x) => s + x, 0);
const TOL = { rtol: 1e-6, atol: 1e-6 };

describe.each(BACKENDS)('reductions on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const x = randomValues(24, 7, -3, 3);

  it.each([0, 1, 2, -1])('sum, mean, max, min over axis %i match float64', (axis) => {
    const t = tensor(x, [2, 3, 4]);
    const a = axis < 0 ? axis + 3 : axis;
    assertClose(sum(t, axis).dataSync(), reduceAxis(x, a, total), TOL);
    assertClose(
      mean(t, axis).dataSync(),
      reduceAxis(x, a, (v) => total(v) / v.length),
      TOL,
    );
    assertClose(
      max(t, axis).dataSync(),
      reduceAxis(x, a, (v) => Math.max(...v)),
      TOL,
    );
    assertClose(
      min(t, axis).dataSync(),
      reduceAxis(x, a, (v) => Math.min(...v)),
      TOL,
    );
  });

  it('reduces every axis when none is given, and keeps dims on request', () => {
    const t = tensor(x, [2, 3, 4]);
    assertClose(sum(t).dataSync(), [total(Array.from(x))], { rtol: 1e-5, atol: 1e-5 });
    expect(sum(t).shape).toEqual([]);
    expect(mean(t, [0, 2], { keepDims: true }).shape).toEqual([1, 3, 1]);
  });

  it('argmax finds the index of the largest value, first on ties', () => {
    const t = tensor([
      [1, 5, 5],
      [7, 0, -1],
    ]);
    expect(argmax(t).dtype).toBe('int32');
    expect(Array.from(argmax(t).dataSync())).toEqual([1, 0]);
    expect(Array.from(argmax(t, 0).dataSync())).toEqual([1, 0, 0]);
  });

  it('refuses an axis out of range', () => {
    expect(() => sum(tensor(x, [2, 3, 4]), 3)).toThrow(ValueError);
    expect(() => sum(tensor(x, [2, 3, 4]), 3)).toThrow(
      /sum: argument 'axis' expected an integer axis in \[-3, 2\], got 3/,
    );
  });
});
