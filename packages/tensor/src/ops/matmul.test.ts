import { beforeAll, describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, setBackend, tensor } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { matmul } from './matmul.js';

/** Float64 [m, k] x [k, n] with optional transposes of the stored operands. */
function reference(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  ta = false,
  tb = false,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += (a[ta ? p * m + i : i * k + p] as number) * (b[tb ? j * k + p : p * n + j] as number);
      }
      out.push(s);
    }
  }
  return out;
}

// Sums of k float32 products: the error grows with k; 1e-5 relative plus 1e-5 absolute covers k = 64.
const TOL = { rtol: 1e-5, atol: 1e-5 };

describe.each(BACKENDS)('matmul on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const [m, k, n] = [7, 64, 5];
  const a = randomValues(m * k, 5);
  const b = randomValues(k * n, 6);

  it('multiplies [m, k] by [k, n]', () => {
    const out = matmul(tensor(a, [m, k]), tensor(b, [k, n]));
    expect(out.shape).toEqual([m, n]);
    assertClose(out.dataSync(), reference(a, b, m, k, n), TOL);
  });

  it('multiplies by transposes without copying them first', () => {
    const at = matmul(tensor(a, [k, m]), tensor(b, [k, n]), { transposeA: true });
    assertClose(at.dataSync(), reference(a, b, m, k, n, true), TOL);
    const bt = matmul(tensor(a, [m, k]), tensor(b, [n, k]), { transposeB: true });
    assertClose(bt.dataSync(), reference(a, b, m, k, n, false, true), TOL);
  });

  it('refuses [2, 3] x [4, 5], naming the argument and both shapes', () => {
    const bad = () => matmul(tensor(randomValues(6, 1), [2, 3]), tensor(randomValues(20, 2), [4, 5]));
    expect(bad).toThrow(ShapeError);
    expect(bad).toThrow("matmul: argument 'b' expected shape [3, *] to match a [2, 3], got [4, 5]");
  });

  it('refuses vectors and integer matrices', () => {
    expect(() => matmul(tensor([1, 2, 3]), tensor([1, 2, 3], [3, 1]))).toThrow(/argument 'a' expected rank 2/);
    expect(() => matmul(tensor([1, 2], [1, 2], 'int32'), tensor([1, 2], [2, 1], 'int32'))).toThrow(DTypeError);
  });
});
