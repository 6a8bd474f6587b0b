import { setBackend } from '@typeflow/tensor';
import { BACKENDS } from '@typeflow/tensor/testing';
import { beforeAll, describe, it } from 'vitest';
import { checkGradients } from '../test-check.js';

// reshape and transpose move values without arithmetic; only the projection rounds.
const tolerance = { tfjs: { rtol: 1e-6, atol: 1e-7 }, fd: { rtol: 1e-5, atol: 1e-6 } };

describe.each(BACKENDS)('shape rules on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it.each([
    [
      [2, 3, 4],
      [6, 4],
    ],
    [
      [2, 3, 4],
      [4, -1],
    ],
    [[6], [1, 2, 3]],
  ])('reshape %j -> %j matches tf.grads and finite differences', async (from, to) => {
    const out = to.map((d) => (d === -1 ? from.reduce((a, b) => a * b, 1) / -to.reduce((a, b) => a * b, 1) : d));
    await checkGradients(`reshape ${from} -> ${to}`, {
      f: (o, x, w) => o.sum(o.mul(o.square(o.reshape(x, to)), w)),
      inputs: [{ shape: from, seed: 31 }],
      constants: [{ shape: out, seed: 32 }],
      tolerance,
    });
  });

  it.each([
    [[3, 4], undefined, [4, 3]],
    [
      [2, 3, 4],
      [2, 0, 1],
      [4, 2, 3],
    ],
    [
      [2, 3, 4],
      [1, 2, 0],
      [3, 4, 2],
    ],
  ])('transpose %j by %j matches tf.grads and finite differences', async (from, perm, out) => {
    await checkGradients(`transpose ${from} by ${perm}`, {
      f: (o, x, w) => o.sum(o.mul(o.square(o.transpose(x, perm)), w)),
      inputs: [{ shape: from, seed: 33 }],
      constants: [{ shape: out, seed: 34 }],
      tolerance,
    });
  });
});
