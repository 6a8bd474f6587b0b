import { beforeAll, describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, setBackend, tensor } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { add, div, equal, greater, maximum, minimum, mul, sub } from './binary.js';

// Float32 kernels against float64 references: one rounding per op, so rtol 1e-6 holds.
const TOL = { rtol: 1e-6, atol: 1e-7 };

/** Reference broadcast of a [2, 3] by a [3] operand, in float64. */
function broadcastRows(a: Float32Array, b: Float32Array, f: (x: number, y: number) => number): number[] {
  return Array.from(a, (x, i) => f(x, b[i % 3] as number));
}

describe.each(BACKENDS)('binary ops on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const a = randomValues(6, 1);
  const b = randomValues(3, 2, 0.5, 2);

  it.each([
    ['add', add, (x: number, y: number) => x + y],
    ['sub', sub, (x: number, y: number) => x - y],
    ['mul', mul, (x: number, y: number) => x * y],
    ['div', div, (x: number, y: number) => x / y],
    ['maximum', maximum, Math.max],
    ['minimum', minimum, Math.min],
  ] as const)('%s broadcasts a [2, 3] with a [3] like numpy', (_, op, f) => {
    const out = op(tensor(a, [2, 3]), tensor(b, [3]));
    expect(out.shape).toEqual([2, 3]);
    assertClose(out.dataSync(), broadcastRows(a, b, f), TOL);
  });

  it('takes a number as a scalar of the tensor dtype', () => {
    expect(Array.from(add(tensor([1, 2], [2], 'int32'), 3).dataSync())).toEqual([4, 5]);
    assertClose(mul(2, tensor([1.5, -1])).dataSync(), [3, -2]);
  });

  it('compares elementwise into bool tensors', () => {
    const g = greater(tensor([1, 2, 3]), tensor([2, 2, 2]));
    expect(g.dtype).toBe('bool');
    expect(Array.from(g.dataSync())).toEqual([0, 0, 1]);
    expect(Array.from(equal(tensor([1, 2, 3]), 2).dataSync())).toEqual([0, 1, 0]);
  });

  it('refuses shapes that do not broadcast, naming both', () => {
    expect(() => add(tensor(a, [2, 3]), tensor([1, 2], [2]))).toThrow(ShapeError);
    expect(() => add(tensor(a, [2, 3]), tensor([1, 2], [2]))).toThrow(/add: argument 'b' .*\[2, 3\].*got \[2\]/);
  });

  it('refuses mixed dtypes', () => {
    expect(() => add(tensor([1]), tensor([1], [1], 'int32'))).toThrow(DTypeError);
  });
});
