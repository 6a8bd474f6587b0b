import * as A from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import { BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointArrays } from './checkpoint.js';
import { lossFunction } from './losses.js';
import { bookModel } from './models.js';
import { Adam } from './optimizers/adam.js';
import { SGD } from './optimizers/sgd.js';
import { differingWeights } from './test-data.js';
import { trainStep } from './train-step.js';

describe.each(BACKENDS)('trainStep on %s', (backend) => {
  beforeAll(() => T.setBackend(backend));

  function batch(count = 12) {
    const x = T.tensor(randomValues(count * 1296, 4, 0, 1), [count, 1296]);
    const classes = Int32Array.from({ length: count }, (_, i) => i % 5);
    const labels = T.oneHot(T.tensor(classes, [count], 'int32'), 5);
    return { x, labels };
  }

  it('is forward, loss, gradients and one optimizer update: the same weights as those steps by hand', () => {
    const { x, labels } = batch();
    const [a, b] = [bookModel('mlp', { seed: 2 }), bookModel('mlp', { seed: 2 })];
    const [first, second] = [new Adam(0.01), new Adam(0.01)];
    for (let i = 0; i < 3; i++) {
      trainStep(a, x, labels, { loss: 'book', optimizer: first });
      const { value, grads } = A.variableGrads(
        () => lossFunction('book')(b.forward(x, { training: true }), labels),
        b.parameters(),
      );
      second.step(b.parameters(), grads);
      T.dispose([value, grads]);
    }
    expect(differingWeights(checkpointArrays(a), checkpointArrays(b))).toEqual({
      W1: 0,
      W2: 0,
      W3: 0,
      b1: 0,
      b2: 0,
      b3: 0,
    });
    T.dispose([x, labels]);
    a.dispose();
    b.dispose();
  });

  it("returns the loss and the forward pass's predictions, made with the weights before the update", () => {
    const { x, labels } = batch();
    const model = bookModel('hidden', { seed: 1 });
    const logits = T.scope(() => model.forward(x));
    const before = T.scope(() => T.argmax(logits));
    const loss = T.scope(() => lossFunction('softmax')(logits, labels));
    const step = trainStep(model, x, labels, { loss: 'softmax', optimizer: new SGD(0.5) });
    expect(step.loss).toBe(loss.item());
    expect(step.predicted).toEqual(before.dataSync());
    T.dispose([x, labels, logits, before, loss]);
    model.dispose();
  });

  it('does not apply a step whose loss is not finite', () => {
    const { x, labels } = batch();
    const model = bookModel('logistic');
    const weights = checkpointArrays(model);
    const infinite = (logits: T.Tensor) => A.mul(A.sum(logits), Number.POSITIVE_INFINITY);
    const step = trainStep(model, x, labels, { loss: infinite, optimizer: new SGD(0.1) });
    expect(Number.isFinite(step.loss)).toBe(false);
    expect(differingWeights(checkpointArrays(model), weights)).toEqual({ W: 0, b: 0 });
    T.dispose([x, labels]);
    model.dispose();
  });

  it('releases every tensor it makes', () => {
    const { x, labels } = batch();
    const model = bookModel('mlp', { seed: 3 });
    const optimizer = new Adam(0.01);
    trainStep(model, x, labels, { loss: 'book', optimizer });
    const before = T.memory().numTensors;
    for (let i = 0; i < 20; i++) trainStep(model, x, labels, { loss: 'book', optimizer, step: i });
    expect(T.memory().numTensors).toBe(before);
    T.dispose([x, labels]);
    optimizer.dispose();
    model.dispose();
  });
});
