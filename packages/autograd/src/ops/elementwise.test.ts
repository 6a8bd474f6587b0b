import { setBackend } from '@typeflow/tensor';
import { BACKENDS } from '@typeflow/tensor/testing';
import { beforeAll, describe, it } from 'vitest';
import { checkGradients, type GradCase, type Input, type TestFunction } from '../test-check.js';

// Elementwise rules compute the same few float32 operations as tfjs's: a few ulps (2^-24 = 6e-8
// each) apart at most, so 1e-5 relative leaves a wide margin while a wrong rule is off by O(1).
// Against float64 differences the float32 rounding of inputs and results is the only error left.
const tolerance = { tfjs: { rtol: 1e-5, atol: 1e-6 }, fd: { rtol: 1e-5, atol: 1e-6 } };

/** sum(op(...) * w) with a random w: a random projection, so every Jacobian entry counts. */
function projected(op: TestFunction, inputs: Input[], outShape: number[]): GradCase {
  return {
    f: (o, ...args) => {
      const w = args[args.length - 1] as (typeof args)[number];
      return o.sum(o.mul(op(o, ...args.slice(0, -1)), w));
    },
    inputs,
    constants: [{ shape: outShape, seed: 99 }],
    tolerance,
  };
}

const unary: [string, TestFunction, Input][] = [
  ['neg', (o, x) => o.neg(x), { shape: [3, 4], seed: 1 }],
  ['exp', (o, x) => o.exp(x), { shape: [3, 4], seed: 2 }],
  ['log', (o, x) => o.log(x), { shape: [3, 4], seed: 3, min: 0.5, max: 2 }],
  ['square', (o, x) => o.square(x), { shape: [3, 4], seed: 4 }],
  ['sigmoid', (o, x) => o.sigmoid(x), { shape: [3, 4], seed: 5, min: -4, max: 4 }],
  ['relu', (o, x) => o.relu(x), { shape: [3, 4], seed: 6 }],
];

// b stays in [0.5, 2) so that div is smooth; the broadcast cases cover a missing leading axis,
// size-1 axes on either side, and a scalar tensor.
const binary: [string, TestFunction][] = [
  ['add', (o, a, b) => o.add(a, b)],
  ['sub', (o, a, b) => o.sub(a, b)],
  ['mul', (o, a, b) => o.mul(a, b)],
  ['div', (o, a, b) => o.div(a, b)],
];
const withNumber: [string, TestFunction, TestFunction][] = [
  ['add', (o, x) => o.add(x, 1.5), (o, x) => o.add(1.5, x)],
  ['sub', (o, x) => o.sub(x, 1.5), (o, x) => o.sub(1.5, x)],
  ['mul', (o, x) => o.mul(x, 1.5), (o, x) => o.mul(1.5, x)],
  ['div', (o, x) => o.div(x, 1.5), (o, x) => o.div(1.5, x)],
];
const shapes: [number[], number[], number[]][] = [
  [
    [3, 4],
    [3, 4],
    [3, 4],
  ],
  [[3, 4], [4], [3, 4]],
  [
    [3, 1],
    [1, 4],
    [3, 4],
  ],
  [
    [2, 3, 4],
    [3, 1],
    [2, 3, 4],
  ],
  [[], [3, 4], [3, 4]],
];

describe.each(BACKENDS)('elementwise rules on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it.each(unary)('%s matches tf.grads and float64 finite differences', async (name, op, x) => {
    await checkGradients(name, projected(op, [x], [...x.shape]));
  });

  describe.each(binary)('%s', (name, op) => {
    it.each(shapes)('with shapes %j and %j sums the gradient back to each input', async (a, b, out) => {
      const inputs = [
        { shape: a, seed: 11 },
        { shape: b, seed: 12, min: 0.5, max: 2 },
      ];
      await checkGradients(`${name} ${JSON.stringify(a)} ${JSON.stringify(b)}`, projected(op, inputs, out));
    });
  });

  it.each(withNumber)('%s with a number on either side gives the tensor its gradient', async (name, left, right) => {
    const x = { shape: [3, 4], seed: 13, min: 0.5, max: 2 };
    await checkGradients(`${name}(x, 1.5)`, projected(left, [x], [3, 4]));
    await checkGradients(`${name}(1.5, x)`, projected(right, [x], [3, 4]));
  });

  it('accumulates the gradient of a value used twice', async () => {
    await checkGradients('x * x + x', {
      f: (o, x, w) => o.sum(o.mul(o.add(o.mul(x, x), x), w)),
      inputs: [{ shape: [3, 4], seed: 15 }],
      constants: [{ shape: [3, 4], seed: 16 }],
      tolerance,
    });
  });
});
