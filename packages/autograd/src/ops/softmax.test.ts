import { setBackend } from '@typeflow/tensor';
import { BACKENDS } from '@typeflow/tensor/testing';
import { beforeAll, describe, it } from 'vitest';
import { checkGradients } from '../test-check.js';

// y * (dy - sum(dy * y)) and dy - softmax * sum(dy): a sum of n = 5 products per row plus a few
// elementwise ops, a handful of float32 ulps apart from tfjs's own formula.
const tolerance = { tfjs: { rtol: 1e-5, atol: 1e-6 }, fd: { rtol: 1e-5, atol: 1e-6 } };

const shapes: number[][] = [[4, 5], [2, 3, 5], [7]];

describe.each(BACKENDS)('softmax rules on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it.each(shapes)('softmax over the last axis of %j matches tf.grads and finite differences', async (...shape) => {
    await checkGradients(`softmax ${shape}`, {
      f: (o, x, w) => o.sum(o.mul(o.softmax(x), w)),
      inputs: [{ shape, seed: 21, min: -3, max: 3 }],
      constants: [{ shape, seed: 22 }],
      tolerance,
    });
  });

  it.each(shapes)('logSoftmax over the last axis of %j matches tf.grads and finite differences', async (...shape) => {
    await checkGradients(`logSoftmax ${shape}`, {
      f: (o, x, w) => o.sum(o.mul(o.logSoftmax(x), w)),
      inputs: [{ shape, seed: 23, min: -3, max: 3 }],
      constants: [{ shape, seed: 24 }],
      tolerance,
    });
  });
});
