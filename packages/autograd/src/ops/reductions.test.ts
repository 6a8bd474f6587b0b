import { setBackend, tensor } from '@typeflow/tensor';
import { assertClose, BACKENDS } from '@typeflow/tensor/testing';
import { beforeAll, describe, it } from 'vitest';
import { grad } from '../grad.js';
import { checkGradients, type GradCase, tfjsGradients } from '../test-check.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { sum } from './sum.js';

// The rules broadcast dy back (sum, mean) or mask it (max): exact up to the float32 rounding of the
// projection's few products and sums, well inside 1e-5.
const tolerance = { tfjs: { rtol: 1e-5, atol: 1e-6 }, fd: { rtol: 1e-5, atol: 1e-6 } };

type Reduction = 'sum' | 'mean' | 'max';
const axes: [string, number | number[] | undefined, boolean, number[]][] = [
  ['all axes', undefined, false, []],
  ['axis 0', 0, false, [3, 4]],
  ['axis -1 with keepDims', -1, true, [2, 3, 1]],
  ['axes [0, 2]', [0, 2], false, [3]],
  ['axes [1, 2] with keepDims', [1, 2], true, [2, 1, 1]],
];

function reductionCase(op: Reduction, axis: number | number[] | undefined, keepDims: boolean, out: number[]): GradCase {
  return {
    f: (o, x, w) => o.sum(o.mul(o[op](x, axis, keepDims), w)),
    inputs: [{ shape: [2, 3, 4], seed: 7 }],
    constants: [{ shape: out, seed: 8 }],
    tolerance,
  };
}

describe.each(BACKENDS)('reduction rules on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  describe.each(['sum', 'mean', 'max'] as const)('%s', (op) => {
    it.each(axes)('over %s matches tf.grads and finite differences', async (label, axis, keepDims, out) => {
      await checkGradients(`${op} over ${label}`, reductionCase(op, axis, keepDims, out));
    });
  });

  // Finite differences do not exist at a tie; tfjs gives every tied maximum the full dy, and so do we.
  it('max gives every tied maximum the gradient, as tf.grads does', async () => {
    const values = Float32Array.from([1, 3, 3, 0, -2, -2, -2, -5]);
    const weights = Float32Array.from([0.5, -1.5]);
    const c: GradCase = {
      f: (o, x, w) => o.sum(o.mul(o.max(x, 1), w)),
      inputs: [{ shape: [2, 4], values }],
      constants: [{ shape: [2], values: weights }],
      tolerance,
    };
    const [expected] = await tfjsGradients(c, [values, weights], backend);
    const [ours] = grad((x) => sum(mul(max(x, 1), tensor(weights))))(tensor(values, [2, 4]));
    assertClose(ours?.dataSync() ?? [], expected ?? [], { rtol: 0, atol: 0 });
    assertClose(ours?.dataSync() ?? [], [0, 0.5, 0.5, 0, -1.5, -1.5, -1.5, 0], { rtol: 0, atol: 0 });
  });
});
