import * as T from '@typeflow/tensor';
import { assertClose, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointArrays } from '../checkpoint.js';
import type { Sequential } from '../layers/sequential.js';
import { lossFunction } from '../losses.js';
import { type BookModelName, bookModel } from '../models.js';
import { Adam } from '../optimizers/adam.js';
import { SGD } from '../optimizers/sgd.js';
import type { TrainingRun } from '../strategy.js';
import { differing } from '../test-data.js';
import { type FitOptions, fit } from '../trainer.js';
import { ExampleRows } from '../training-set.js';
import { workerThreads } from './index.js';
import { Participant } from './participant.js';
import type { ReplicaSpec } from './protocol.js';
import type { ThreadedSteps } from './worker-threads.js';

/** 60 examples of 1296 features in 5 classes: class k has brighter pixels in band k (learnable). */
function toyData(count = 60) {
  const x = randomValues(count * 1296, 7, 0, 0.5);
  const labels = Array.from({ length: count }, (_, i) => i % 5);
  labels.forEach((label, i) => {
    for (let p = label * 200; p < label * 200 + 200; p++) x[i * 1296 + p] = (x[i * 1296 + p] as number) + 0.5;
  });
  return { x: T.tensor(x, [count, 1296]), labels };
}

async function run(name: BookModelName, options: Partial<FitOptions> & { epochs: number; workers: number }) {
  const train = toyData();
  const model = bookModel(name, { seed: 3 });
  const { workers, ...rest } = options;
  const result = await fit(
    model,
    { train, valid: train },
    {
      optimizer: new SGD(0.5),
      loss: 'softmax',
      evalEvery: 5,
      strategy: workerThreads({ workers, replica: { kind: 'book', name } }),
      ...rest,
    },
  );
  const weights = Object.values(checkpointArrays(model)).map((a) => a.data as Float32Array);
  model.dispose();
  train.x.dispose();
  return { ...result, weights };
}

/** What fit hands a strategy, for the book model `name` on `train` (the caller disposes `oneHot`). */
function trainingRun(model: Sequential, train: ReturnType<typeof toyData>, fullBatch: boolean): TrainingRun {
  const labels = Int32Array.from(train.labels);
  const oneHot = T.oneHot(T.tensor(labels, [labels.length], 'int32'), 5);
  return { model, train: { x: train.x, labels, oneHot }, fullBatch, loss: 'book', optimizer: new SGD(0.1) };
}

describe('data-parallel fit (worker threads)', () => {
  beforeAll(() => T.setBackend('wasm'));

  it('agrees with one worker within float32 tolerance on a full batch', async () => {
    const one = await run('hidden', { epochs: 20, workers: 1 });
    const two = await run('hidden', { epochs: 20, workers: 2 });
    expect(two.history.epoch).toEqual(one.history.epoch);
    expect(two.history.trainAcc).toEqual(one.history.trainAcc);
    // Two shards' gradients summed vs one sum over the batch: float32 rounding, compounded over 20 steps.
    assertClose(two.history.loss, one.history.loss, { rtol: 1e-4 });
    two.weights.forEach((w, i) => {
      assertClose(w, one.weights[i] as Float32Array, { rtol: 1e-3, atol: 1e-5 });
    });
  }, 120_000);

  it('agrees with one worker on minibatches, each batch split between the workers', async () => {
    const options = { epochs: 4, batchSize: 16, seed: 5 };
    const one = await run('hidden', { ...options, workers: 1 });
    const three = await run('hidden', { ...options, workers: 3 });
    expect(three.history.trainAcc).toEqual(one.history.trainAcc);
    assertClose(three.history.loss, one.history.loss, { rtol: 1e-4 });
    three.weights.forEach((w, i) => {
      assertClose(w, one.weights[i] as Float32Array, { rtol: 1e-3, atol: 1e-5 });
    });
  }, 120_000);

  it('is reproducible: the same workers give bit-identical weights and history', async () => {
    const a = await run('hidden', { epochs: 12, workers: 2, optimizer: new Adam(0.01) });
    const b = await run('hidden', { epochs: 12, workers: 2, optimizer: new Adam(0.01) });
    expect(b.history).toEqual(a.history);
    b.weights.forEach((w, i) => {
      expect(differing(w, a.weights[i] as Float32Array)).toBe(0);
    });
  }, 120_000);

  describe('the steps, seen from the coordinating thread', () => {
    let model: Sequential;
    let steps: ThreadedSteps;
    let train: ReturnType<typeof toyData>;
    let training: TrainingRun;
    beforeAll(async () => {
      train = toyData();
      model = bookModel('mlp', { seed: 1 });
      training = trainingRun(model, train, true);
      steps = (await workerThreads({ workers: 3, replica: { kind: 'book', name: 'mlp' } }).start(
        training,
      )) as ThreadedSteps;
      return async () => {
        await steps.dispose();
        model.dispose();
        T.dispose([train.x, training.train.oneHot]);
      };
    }, 60_000);

    it("has each worker compute its part with this thread's weights: its loss equals this thread's, bit for bit", async () => {
      const examples = new ExampleRows(steps.group.examples, steps.group.labels, [1296], 5);
      for (let index = 1; index <= 3; index++) {
        // Participants 1 and 2, computed here with the weights before the step.
        const expected = [1, 2].map((k) => {
          const participant = new Participant(model, 'book', k, 3, examples, true);
          const part = participant.gradients(null, index);
          T.dispose(part.grads);
          participant.dispose();
          return part.loss;
        });
        await steps.run(null, index);
        expect([steps.group.loss(1), steps.group.loss(2)]).toEqual(expected);
      }
    });

    it('counts the forward pass as the training accuracy of the weights before the step', async () => {
      const before = await steps.countCorrect();
      const { correct } = await steps.run(null, 4);
      expect(correct).toBe(before);
    });

    it('keeps the tensor count constant in the coordinator and in every worker', async () => {
      await steps.run(null, 5);
      const coordinator = T.memory().numTensors;
      const workers = [steps.group.numTensors(1), steps.group.numTensors(2)];
      for (let index = 6; index <= 40; index++) {
        await steps.run(null, index);
        if (index % 2 === 0) await steps.countCorrect();
      }
      expect(T.memory().numTensors).toBe(coordinator);
      expect([steps.group.numTensors(1), steps.group.numTensors(2)]).toEqual(workers);
    });
  });

  it('rejects a replica that does not match the model as bad input, naming the worker, and stops the others', async () => {
    const train = toyData(20);
    const model = bookModel('hidden');
    const before = T.memory().numTensors;
    const strategy = workerThreads({ workers: 3, replica: { kind: 'book', name: 'mlp' } });
    const error = await fit(model, { train }, { epochs: 2, optimizer: new SGD(0.1), strategy }).catch((e) => e);
    expect(error).toBeInstanceOf(T.ValueError);
    expect((error as Error).message).toMatch(
      /worker \d of 3 failed: workerThreads: argument 'replica' expected a model with parameters of shapes/,
    );
    expect(T.memory().numTensors).toBe(before);
    model.dispose();
    train.x.dispose();
  }, 60_000);

  it('reports a worker that crashed mid-run as an internal error, not as bad input', async () => {
    const train = toyData(20);
    const model = bookModel('hidden');
    const url = new URL('./test-replicas.ts', import.meta.url).href;
    const replica: ReplicaSpec = { kind: 'module', url, exportName: 'crashing', args: ['hidden'] };
    const strategy = workerThreads({ workers: 2, replica });
    const error = await fit(model, { train }, { epochs: 3, optimizer: new SGD(0.1), strategy }).catch((e) => e);
    expect(error).toBeInstanceOf(T.InternalError);
    expect(error).not.toBeInstanceOf(T.TypeflowError);
    expect((error as Error).message).toBe('fit: worker 1 of 2 failed: a fault in the replica (test)');
    model.dispose();
    train.x.dispose();
  }, 60_000);

  it('refuses a bad worker count or replica, and a loss function with worker threads', async () => {
    const train = toyData(10);
    const model = bookModel('hidden');
    expect(() => workerThreads({ workers: 0, replica: { kind: 'book', name: 'hidden' } })).toThrow(
      /workerThreads: argument 'workers' expected a positive integer, got 0/,
    );
    expect(() => workerThreads({ workers: 2 } as never)).toThrow(
      /workerThreads: argument 'replica' expected a model description for the workers/,
    );
    const strategy = workerThreads({ workers: 2, replica: { kind: 'book', name: 'hidden' } });
    await expect(
      fit(model, { train }, { epochs: 1, optimizer: new SGD(0.1), strategy, loss: lossFunction('softmax') }),
    ).rejects.toThrow(/argument 'loss' expected a loss name/);
    model.dispose();
    train.x.dispose();
  });
});
