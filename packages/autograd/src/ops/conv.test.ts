import { setBackend } from '@typeflow/tensor';
import { BACKENDS } from '@typeflow/tensor/testing';
import { beforeAll, describe, it } from 'vitest';
import { checkGradients } from '../test-check.js';
import type { Pad, Pair } from '../test-reference.js';

// A conv2d gradient entry sums up to 84 float32 products (2 images x 7 x 6 positions for the
// filter); our route and tfjs's kernel add them in different orders, which moves a sum by up to
// ~84 ulps (5e-6) of the summed magnitudes: 1e-5 of the gradient's largest entry covers that.
const convTolerance = { tfjs: { rtol: 1e-5, atol: 1e-5 }, fd: { rtol: 1e-5, atol: 1e-5 } };
// maxPool routes each dy to one input without arithmetic; only the projection and overlaps round.
const poolTolerance = { tfjs: { rtol: 1e-6, atol: 1e-6 }, fd: { rtol: 1e-5, atol: 1e-6 } };

// On wasm, tf.grads cannot serve as the reference: the backend has no Conv2DBackpropFilter kernel
// (tf.grads throws), and its MaxPoolGrad kernel drops the gradient of all-negative windows. The
// reference gradients come from tfjs's cpu backend instead, on the same inputs.
const reference = 'cpu';

function outSize(input: number, window: number, stride: number, padding: Pad): number {
  return padding === 'valid' ? Math.floor((input - window) / stride) + 1 : Math.ceil(input / stride);
}

describe.each(BACKENDS)('conv2d and maxPool rules on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const x = [2, 7, 6, 3];

  it.each([
    ['valid', [1, 1], [3, 3]],
    ['same', [1, 1], [3, 3]],
    ['same', [2, 2], [3, 3]],
    ['valid', [2, 2], [3, 3]],
    ['same', [2, 3], [3, 2]],
    ['valid', [1, 1], [5, 5]],
  ] as [Pad, Pair, Pair][])(
    'conv2d with %s padding, strides %j, filter %j matches tf.grads and finite differences',
    async (padding, strides, window) => {
      const out = [2, outSize(7, window[0], strides[0], padding), outSize(6, window[1], strides[1], padding), 4];
      await checkGradients(`conv2d ${padding} ${strides} ${window}`, {
        f: (o, xs, filter, w) => o.sum(o.mul(o.conv2d(xs, filter, strides, padding), w)),
        inputs: [
          { shape: x, seed: 41 },
          { shape: [window[0], window[1], 3, 4], seed: 42 },
        ],
        constants: [{ shape: out, seed: 43 }],
        tolerance: convTolerance,
        tfjsBackend: reference,
      });
    },
  );

  it.each([
    ['valid', [2, 2], [2, 2]],
    ['same', [2, 2], [2, 2]],
    ['same', [3, 3], [3, 3]],
    ['same', [3, 3], [1, 1]],
    ['valid', [3, 3], [2, 2]],
    ['same', [2, 3], [3, 2]],
  ] as [Pad, Pair, Pair][])(
    'maxPool with %s padding, size %j, strides %j matches tf.grads and finite differences',
    async (padding, size, strides) => {
      const out = [2, outSize(7, size[0], strides[0], padding), outSize(6, size[1], strides[1], padding), 3];
      await checkGradients(`maxPool ${padding} ${size} ${strides}`, {
        f: (o, xs, w) => o.sum(o.mul(o.maxPool(xs, size, strides, padding), w)),
        inputs: [{ shape: x, seed: 44 }],
        constants: [{ shape: out, seed: 45 }],
        tolerance: poolTolerance,
        tfjsBackend: reference,
      });
    },
  );

  it('conv2d -> relu -> maxPool, as in the book CNN, matches tf.grads and finite differences', async () => {
    await checkGradients('conv2d relu maxPool', {
      f: (o, xs, filter, bias, w) =>
        o.sum(o.mul(o.maxPool(o.relu(o.add(o.conv2d(xs, filter, [1, 1], 'same'), bias)), [2, 2], [2, 2], 'valid'), w)),
      inputs: [
        { shape: [2, 8, 8, 1], seed: 46, min: 0, max: 1 },
        { shape: [5, 5, 1, 4], seed: 47, min: -0.2, max: 0.2 },
        { shape: [4], seed: 48, min: -0.1, max: 0.1 },
      ],
      constants: [{ shape: [2, 4, 4, 4], seed: 49 }],
      tolerance: convTolerance,
      tfjsBackend: reference,
    });
  });
});
