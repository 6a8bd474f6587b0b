import * as tf from '@tensorflow/tfjs-core';
import * as T from '@typeflow/tensor';
import { assertClose, BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { grad, valueAndGrad } from '../grad.js';
import { checkGradients, type Ops, ours } from '../test-check.js';
import { type ConstantInput, constantInput, InputRows, sparseRows } from './constant-input.js';
import { type DenseActivation, dense } from './dense.js';
import { square } from './square.js';
import { sum } from './sum.js';

// As matmul's rule: sums of up to k float32 products in another order than tfjs's.
const tolerance = { tfjs: { rtol: 1e-5, atol: 1e-5 }, fd: { rtol: 1e-5, atol: 1e-5 } };

/**
 * sum(act(x w + b) * c): our side runs the fused op under test; tfjs and float64 run the same
 * function composed of matmul, add and the activation (each already checked on its own).
 */
function denseLoss(activation: DenseActivation) {
  return <X>(o: Ops<X>, x: X, w: X, b: X, c: X): X => {
    const y =
      (o as unknown) === ours
        ? (dense(x as T.Tensor, w as T.Tensor, b as T.Tensor, activation) as X)
        : activate(o, o.add(o.matmul(x, w), b), activation);
    return o.sum(o.mul(y, c));
  };
}

function activate<X>(o: Ops<X>, z: X, activation: DenseActivation): X {
  if (activation === 'sigmoid') return o.sigmoid(z);
  if (activation === 'relu') return o.relu(z);
  return z;
}

// [m, k] x [k, n]: dw takes the form (dz^T x)^T when x is the larger operand, x^T dz otherwise.
const shapes: [string, number, number, number][] = [
  ['a batch larger than the weights', 40, 30, 4],
  ['weights larger than the batch', 3, 8, 8],
];

describe.each(BACKENDS)('dense rule on %s', (backend) => {
  beforeAll(() => T.setBackend(backend));
  afterEach(() => vi.restoreAllMocks());

  describe.each(['linear', 'sigmoid', 'relu'] as const)('with %s activation', (activation) => {
    it.each(shapes)('%s: [%i, %i] x [%i, n] matches tf.grads and finite differences', async (_, m, k, n) => {
      await checkGradients(`dense ${activation} [${m}, ${k}] x [${k}, ${n}]`, {
        f: denseLoss(activation),
        inputs: [
          { shape: [m, k], seed: 1 },
          { shape: [k, n], seed: 2 },
          { shape: [n], seed: 3 },
        ],
        constants: [{ shape: [m, n], seed: 4 }],
        tolerance,
      });
    });
  });

  it('gives the same value and gradients for a constant input, without transposing it again', () => {
    const [m, k, n] = [40, 30, 4];
    const x = T.tensor(randomValues(m * k, 5), [m, k]);
    const w = T.tensor(randomValues(k * n, 6), [k, n]);
    const b = T.tensor(randomValues(n, 7), [n]);
    const plain = valueAndGrad((wv: T.Tensor, bv: T.Tensor) => sum(dense(x, wv, bv, 'sigmoid')))(w, b);
    const constant = constantInput(x);
    expect(constant.sparse).toBeNull(); // no zeros: kept dense, with its transpose
    const kernels = vi.spyOn(tf.engine(), 'runKernel');
    const prepared = valueAndGrad((wv: T.Tensor, bv: T.Tensor) => sum(dense(constant, wv, bv, 'sigmoid')))(w, b);
    expect(kernels.mock.calls.filter(([kernel]) => kernel === 'Transpose')).toHaveLength(0);
    // Same products summed in another order (x^T dz instead of (dz^T x)^T): float32 rounding apart.
    assertClose([prepared.value.item()], [plain.value.item()], { rtol: 1e-6 });
    prepared.grads.forEach((g, i) => {
      assertClose(g.dataSync(), plain.grads[i]?.dataSync() ?? [], { rtol: 1e-5, atol: 1e-6 });
    });
    constant.dispose();
    expect(() => dense(constant, w, b)).toThrow("dense: argument 'x' expected a live prepared input");
    T.dispose([x, w, b, plain, prepared]);
  });

  it.each(['linear', 'sigmoid', 'relu'] as const)(
    'runs both large products of a mostly-zero constant input on its nonzeros (%s)',
    (activation) => {
      const [m, k, n] = [40, 30, 36];
      const values = randomValues(m * k, 11);
      const keep = randomValues(m * k, 12, 0, 1);
      const x = T.tensor(
        values.map((v, i) => ((keep[i] as number) < 0.1 ? v : 0)),
        [m, k],
      );
      const w = T.tensor(randomValues(k * n, 13), [k, n]);
      const b = T.tensor(randomValues(n, 14), [n]);
      const f = (input: T.Tensor | ConstantInput) => (wv: T.Tensor, bv: T.Tensor) =>
        sum(square(dense(input, wv, bv, activation)));
      const plain = valueAndGrad(f(x))(w, b);
      const constant = constantInput(x);
      expect(constant.sparse?.nonzeros).toBe(Array.from(x.dataSync()).filter((v) => v !== 0).length);
      const kernels = vi.spyOn(tf.engine(), 'runKernel');
      const sparse = valueAndGrad(f(constant))(w, b);
      // No dense product at all: x w + b and x^T dz both ran in the sparse kernel.
      expect(kernels.mock.calls.filter(([kernel]) => kernel === 'BatchMatMul' || kernel === '_FusedMatMul')).toEqual(
        [],
      );
      assertClose([sparse.value.item()], [plain.value.item()], { rtol: 1e-5 });
      sparse.grads.forEach((g, i) => {
        assertClose(g.dataSync(), plain.grads[i]?.dataSync() ?? [], { rtol: 1e-5, atol: 1e-6 });
      });
      constant.dispose();
      T.dispose([x, w, b, plain, sparse]);
    },
  );

  it('runs a minibatch of rows of a sparse matrix on their nonzeros, as the same rows given densely', () => {
    const [m, k, n] = [50, 30, 36];
    const values = randomValues(m * k, 21);
    const keep = randomValues(m * k, 22, 0, 1);
    const all = values.map((v, i) => ((keep[i] as number) < 0.1 ? v : 0));
    const matrix = sparseRows(all, [m, k]);
    expect(matrix).not.toBeNull();
    const rows = Int32Array.of(3, 41, 0, 17, 3, 28);
    const picked = new Float32Array(rows.length * k);
    rows.forEach((r, i) => {
      picked.set(all.subarray(r * k, (r + 1) * k), i * k);
    });
    const x = T.tensor(picked, [rows.length, k]);
    const w = T.tensor(randomValues(k * n, 23), [k, n]);
    const b = T.tensor(randomValues(n, 24), [n]);
    const f = (input: T.Tensor | InputRows) => (wv: T.Tensor, bv: T.Tensor) =>
      sum(square(dense(input, wv, bv, 'sigmoid')));
    const plain = valueAndGrad(f(x))(w, b);
    const input = new InputRows(matrix as T.SparseMatrix, rows, x);
    const kernels = vi.spyOn(tf.engine(), 'runKernel');
    const sparse = valueAndGrad(f(input))(w, b);
    expect(kernels.mock.calls.filter(([kernel]) => kernel === 'BatchMatMul' || kernel === '_FusedMatMul')).toEqual([]);
    kernels.mockRestore();
    assertClose([sparse.value.item()], [plain.value.item()], { rtol: 1e-5 });
    sparse.grads.forEach((g, i) => {
      assertClose(g.dataSync(), plain.grads[i]?.dataSync() ?? [], { rtol: 1e-5, atol: 1e-6 });
    });
    expect(() => new InputRows(matrix as T.SparseMatrix, rows.subarray(1), x)).toThrow(T.ShapeError);
    matrix?.dispose();
    expect(() => dense(input, w, b)).toThrow("dense: argument 'x' expected a live prepared input");
    expect(sparseRows(randomValues(m * k, 25), [m, k])).toBeNull(); // dense values: no sparse form
    T.dispose([x, w, b, plain, sparse]);
  });

  it.each(shapes)('%s: never asks the kernel for a transposed operand', (_, m, k, n) => {
    const x = T.tensor(randomValues(m * k, 8), [m, k]);
    const w = T.tensor(randomValues(k * n, 9), [k, n]);
    const b = T.tensor(randomValues(n, 10), [n]);
    const runKernel = vi.spyOn(tf.engine(), 'runKernel');
    grad((xv: T.Tensor, wv: T.Tensor, bv: T.Tensor) => sum(dense(xv, wv, bv, 'sigmoid')))(x, w, b);
    const products = runKernel.mock.calls.filter(([kernel]) => kernel === 'BatchMatMul' || kernel === '_FusedMatMul');
    expect(products.length).toBe(3);
    for (const [, , attrs] of products) expect(attrs).toMatchObject({ transposeA: false, transposeB: false });
  });

  it('does not compute the gradient of an input that is not differentiated', () => {
    const [m, k, n] = [20, 12, 3];
    const x = T.tensor(randomValues(m * k, 11), [m, k]);
    const w = T.tensor(randomValues(k * n, 12), [k, n]);
    const b = T.tensor(randomValues(n, 13), [n]);
    const runKernel = vi.spyOn(tf.engine(), 'runKernel');
    grad((wv: T.Tensor) => sum(dense(x, wv, b)))(w);
    // One product forward, one for dw; dx = dz w^T would be a third.
    expect(
      runKernel.mock.calls.filter(([kernel]) => kernel === 'BatchMatMul' || kernel === '_FusedMatMul'),
    ).toHaveLength(2);
  });

  it('refuses mismatched shapes, naming the argument', () => {
    const x = T.tensor(randomValues(12, 14), [3, 4]);
    const w = T.tensor(randomValues(8, 15), [4, 2]);
    expect(() => dense(x, w, T.tensor([1, 2, 3], [3]))).toThrow("dense: argument 'b' expected shape [2], got [3]");
    expect(() => dense(x, T.tensor(randomValues(6, 16), [3, 2]), T.tensor([1, 2], [2]))).toThrow(
      "dense: argument 'w' expected shape [4, outputs], got [3, 2]",
    );
    expect(() => constantInput(T.tensor([1, 2, 3], [3]))).toThrow(T.ShapeError);
  });
});
