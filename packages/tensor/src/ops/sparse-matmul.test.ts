import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError, setBackend, TypeflowError, tensor } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { SparseMatrix } from './sparse-matmul.js';

/** m x k values of which about `density` are nonzero (seeded). */
function sparseValues(m: number, k: number, density: number, seed: number): Float32Array {
  const values = randomValues(m * k, seed, -1, 1);
  const keep = randomValues(m * k, seed + 100, 0, 1);
  return values.map((v, i) => ((keep[i] as number) < density ? v : 0));
}

/** Float64 a [m, k] x b [k, n] (+ bias), or a^T g. */
function product(a: Float32Array, b: Float32Array, m: number, k: number, n: number, bias?: Float32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias?.[j] ?? 0;
      for (let p = 0; p < k; p++) s += (a[i * k + p] as number) * (b[p * n + j] as number);
      out.push(s);
    }
  }
  return out;
}

function transposed(a: Float32Array, m: number, k: number): Float32Array {
  const t = new Float32Array(k * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) t[j * m + i] = a[i * k + j] as number;
  return t;
}

// Sums of up to k float32 products: as matmul's tolerance.
const TOL = { rtol: 1e-5, atol: 1e-5 };

describe.each(BACKENDS)('SparseMatrix on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  // n = 70 takes every path of the kernel: two blocks of 32 columns, one of 4, then 2 single columns.
  it.each([
    [9, 40, 70, 0.1],
    [5, 12, 3, 0.5],
    [20, 33, 128, 0.2],
  ])('[%i, %i] sparse times [k, %i] dense (density %f) matches a float64 product', (m, k, n, density) => {
    const a = sparseValues(m, k, density, m + k);
    const b = randomValues(k * n, 7);
    const bias = randomValues(n, 8);
    const sparse = SparseMatrix.fromTensor(tensor(a, [m, k]));
    expect(sparse.nonzeros).toBe(a.filter((v) => v !== 0).length);
    const out = sparse.matmul(tensor(b, [k, n]), tensor(bias, [n]));
    expect(out.shape).toEqual([m, n]);
    assertClose(out.dataSync(), product(a, b, m, k, n, bias), TOL);
    assertClose(sparse.matmul(tensor(b, [k, n])).dataSync(), product(a, b, m, k, n), TOL);
    const g = randomValues(m * n, 9);
    const back = sparse.transposeMatmul(tensor(g, [m, n]));
    expect(back.shape).toEqual([k, n]);
    assertClose(back.dataSync(), product(transposed(a, m, k), g, k, m, n), TOL);
  });

  it('gives zero rows for all-zero rows and columns, and the same result twice', () => {
    const a = sparseValues(6, 10, 0.3, 3);
    for (let j = 0; j < 10; j++) a[2 * 10 + j] = 0; // row 2
    for (let i = 0; i < 6; i++) a[i * 10 + 4] = 0; // column 4
    const sparse = SparseMatrix.fromTensor(tensor(a, [6, 10]));
    const b = tensor(randomValues(10 * 36, 4), [10, 36]);
    const first = sparse.matmul(b).dataSync();
    expect(Array.from(first.subarray(2 * 36, 3 * 36))).toEqual(new Array(36).fill(0));
    expect(Array.from(sparse.matmul(b).dataSync())).toEqual(Array.from(first));
    const back = sparse.transposeMatmul(tensor(randomValues(6 * 36, 5), [6, 36])).dataSync();
    expect(Array.from(back.subarray(4 * 36, 5 * 36))).toEqual(new Array(36).fill(0));
  });

  it('multiplies a selection of rows (a minibatch) as the same rows copied out densely', () => {
    const [m, k, n] = [30, 50, 70];
    const a = sparseValues(m, k, 0.15, 11);
    const sparse = SparseMatrix.fromValues(a, [m, k]);
    const rows = Int32Array.of(7, 0, 29, 7, 12);
    const picked = new Float32Array(rows.length * k);
    rows.forEach((r, i) => {
      picked.set(a.subarray(r * k, (r + 1) * k), i * k);
    });
    const b = randomValues(k * n, 12);
    const bias = randomValues(n, 13);
    const out = sparse.matmul(tensor(b, [k, n]), tensor(bias, [n]), rows);
    expect(out.shape).toEqual([rows.length, n]);
    assertClose(out.dataSync(), product(picked, b, rows.length, k, n, bias), TOL);
    // The same sums in the same order as the dense copy's own sparse product: identical values.
    const dense = SparseMatrix.fromTensor(tensor(picked, [rows.length, k]));
    expect(Array.from(out.dataSync())).toEqual(
      Array.from(dense.matmul(tensor(b, [k, n]), tensor(bias, [n])).dataSync()),
    );
    const g = randomValues(rows.length * n, 14);
    const back = sparse.transposeMatmul(tensor(g, [rows.length, n]), rows);
    expect(back.shape).toEqual([k, n]);
    assertClose(back.dataSync(), product(transposed(picked, rows.length, k), g, k, rows.length, n), TOL);
    expect(() => sparse.matmul(tensor(b, [k, n]), undefined, Int32Array.of(0, 30))).toThrow(
      "SparseMatrix.matmul: argument 'rows' expected row indices in [0, 30), got 30",
    );
    expect(() => sparse.transposeMatmul(tensor(g, [rows.length, n]), Int32Array.of(1, 2))).toThrow(ShapeError);
    expect(() => SparseMatrix.fromValues(a, [m, k + 1])).toThrow(ShapeError);
  });

  it('refuses mismatched shapes and use after dispose, naming the argument', () => {
    const sparse = SparseMatrix.fromTensor(tensor(sparseValues(4, 6, 0.5, 1), [4, 6]));
    expect(() => sparse.matmul(tensor(randomValues(10, 2), [5, 2]))).toThrow(
      "SparseMatrix.matmul: argument 'b' expected shape [6, *], got [5, 2]",
    );
    expect(() => sparse.transposeMatmul(tensor(randomValues(6, 2), [3, 2]))).toThrow(ShapeError);
    expect(() => SparseMatrix.fromTensor(tensor([1, 2, 3], [3]))).toThrow(ShapeError);
    sparse.dispose();
    expect(() => sparse.matmul(tensor(randomValues(12, 2), [6, 2]))).toThrow(TypeflowError);
  });
});
