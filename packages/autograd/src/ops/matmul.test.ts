import * as tf from '@tensorflow/tfjs-core';
import { setBackend, tensor } from '@typeflow/tensor';
import { BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { grad } from '../grad.js';
import { checkGradients } from '../test-check.js';
import { matmul } from './matmul.js';
import { sum } from './sum.js';

// A matmul entry sums k float32 products: tfjs and we may add them in different orders (we multiply
// transposed operands), which moves the result by up to ~k ulps of the sum of |products|; with
// k <= 8 here, 1e-5 of the gradient's largest entry covers that.
const tolerance = { tfjs: { rtol: 1e-5, atol: 1e-5 }, fd: { rtol: 1e-5, atol: 1e-5 } };

// [m, k] x [k, n]: each rule has two equivalent forms (transpose the operand, or transpose dy and
// the result); these shapes make each gradient take each form.
const shapes: [string, number, number, number][] = [
  ['transposes b and a', 5, 7, 3],
  ['transposes dy for da (b is the larger)', 2, 8, 8],
  ['transposes dy for db (a is the larger)', 8, 8, 2],
  ['a Dense layer on a batch', 40, 30, 4],
];

describe.each(BACKENDS)('matmul rule on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  afterEach(() => vi.restoreAllMocks());

  it.each(shapes)('%s: [%i, %i] x [%i, n] matches tf.grads and finite differences', async (_, m, k, n) => {
    await checkGradients(`matmul [${m}, ${k}] x [${k}, ${n}]`, {
      f: (o, a, b, w) => o.sum(o.mul(o.matmul(a, b), w)),
      inputs: [
        { shape: [m, k], seed: 1 },
        { shape: [k, n], seed: 2 },
      ],
      constants: [{ shape: [m, n], seed: 3 }],
      tolerance,
    });
  });

  // On wasm a transposed matMul leaves XNNPACK for a loop about 13x slower (DESIGN.md).
  it.each(shapes)('%s: never asks the kernel for a transposed operand', (_, m, k, n) => {
    const a = tensor(randomValues(m * k, 4), [m, k]);
    const b = tensor(randomValues(k * n, 5), [k, n]);
    const runKernel = vi.spyOn(tf.engine(), 'runKernel');
    grad((x: typeof a, y: typeof b) => sum(matmul(x, y)))(a, b);
    const products = runKernel.mock.calls.filter(([kernel]) => kernel === 'BatchMatMul');
    expect(products.length).toBe(3);
    for (const [, , attrs] of products) expect(attrs).toMatchObject({ transposeA: false, transposeB: false });
  });
});
