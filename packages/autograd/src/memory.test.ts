import { dispose, memory, setBackend, type Tensor, tensor } from '@typeflow/tensor';
import { BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, valueAndGrad, vjp } from './grad.js';
import * as A from './index.js';

/** A small function through every rule, so every rule's intermediates are counted. */
function everyRule(x: Tensor, filter: Tensor, w: Tensor, b: Tensor): Tensor {
  const conv = A.relu(A.conv2d(x, filter, { padding: 'same' })); // [2, 4, 4, 2]
  const pooled = A.maxPool(conv, { size: 2 }); // [2, 2, 2, 2]
  const flat = A.reshape(pooled, [2, 8]);
  const h = A.sigmoid(A.add(A.matmul(flat, w), b)); // [2, 3]
  const t = A.transpose(A.div(A.exp(h), A.sub(2, A.square(A.neg(h))))); // [3, 2]
  const p = A.softmax(A.log(A.add(t, 1)));
  const l = A.logSoftmax(A.mul(p, A.max(t, 0, { keepDims: true })));
  return A.mean(A.sum(l, 1));
}

describe.each(BACKENDS)('memory on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const args = () => [
    tensor(randomValues(2 * 4 * 4 * 1, 1), [2, 4, 4, 1]),
    tensor(randomValues(3 * 3 * 1 * 2, 2), [3, 3, 1, 2]),
    tensor(randomValues(8 * 3, 3), [8, 3]),
    tensor(randomValues(3, 4), [3]),
  ];

  it('a gradient call leaves only its value and gradients alive', () => {
    const inputs = args();
    const before = memory().numTensors;
    const { value, grads } = valueAndGrad(everyRule)(...(inputs as [Tensor, Tensor, Tensor, Tensor]));
    expect(memory().numTensors).toBe(before + 1 + grads.length);
    dispose([value, grads]);
    expect(memory().numTensors).toBe(before);
    dispose(inputs);
  });

  it('keeps the tensor count and bytes constant over 10,000 calls', () => {
    const inputs = args() as [Tensor, Tensor, Tensor, Tensor];
    const step = () => dispose(grad(everyRule)(...inputs));
    step(); // tfjs may create lasting state on first use of a kernel
    const before = memory();
    for (let i = 0; i < 10_000; i++) step();
    expect(memory()).toEqual(before);
    dispose(inputs);
  });

  it('releases every intermediate when f or the gradient throws', () => {
    const inputs = args() as [Tensor, Tensor, Tensor, Tensor];
    const before = memory().numTensors;
    expect(() =>
      vjp(() => {
        everyRule(...inputs);
        throw new Error('f failed');
      }, inputs),
    ).toThrow('f failed');
    expect(() => vjp(() => A.square(inputs[2]), inputs)).toThrow(/scalar/);
    expect(memory().numTensors).toBe(before);
    expect(A.activeTape()).toBeNull();
    dispose(inputs);
  });
});
