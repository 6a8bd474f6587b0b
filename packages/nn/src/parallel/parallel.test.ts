import * as T from '@typeflow/tensor';
import { assertClose, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointArrays } from '../checkpoint.js';
import type { Sequential } from '../layers/sequential.js';
import { lossFunction } from '../losses.js';
import { type BookModelName, bookModel } from '../models.js';
import { Adam } from '../optimizers/adam.js';
import { SGD } from '../optimizers/sgd.js';
import { type FitOptions, fit } from '../trainer.js';
import { ParallelEngine } from './coordinator.js';

/** 60 examples of 1296 features in 5 classes: class k has brighter pixels in band k (learnable). */
function toyData(count = 60) {
  const x = randomValues(count * 1296, 7, 0, 0.5);
  const labels = Array.from({ length: count }, (_, i) => i % 5);
  labels.forEach((label, i) => {
    for (let p = label * 200; p < label * 200 + 200; p++) x[i * 1296 + p] = (x[i * 1296 + p] as number) + 0.5;
  });
  return { x: T.tensor(x, [count, 1296]), labels };
}

/** Entries whose float32 bits differ (a count, not a diff: vitest's diff of 166,000 numbers takes minutes). */
function differing(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) count++;
  return count;
}

async function run(name: BookModelName, options: Partial<FitOptions> & { epochs: number }) {
  const train = toyData();
  const model = bookModel(name, { seed: 3 });
  const result = await fit(
    model,
    { train, valid: train },
    { optimizer: new SGD(0.5), loss: 'softmax', evalEvery: 5, replica: { kind: 'book', name }, ...options },
  );
  const weights = Object.values(checkpointArrays(model)).map((a) => a.data as Float32Array);
  model.dispose();
  train.x.dispose();
  return { ...result, weights };
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

  describe('the engine', () => {
    let model: Sequential;
    let engine: ParallelEngine;
    let train: ReturnType<typeof toyData>;
    beforeAll(async () => {
      train = toyData();
      model = bookModel('mlp', { seed: 1 });
      const labels = Int32Array.from(train.labels);
      const oneHot = T.oneHot(T.tensor(labels, [labels.length], 'int32'), 5);
      engine = await ParallelEngine.start({
        model,
        parameters: model.parameters(),
        optimizer: new SGD(0.1),
        loss: lossFunction('book'),
        lossName: 'book',
        train: { x: train.x, oneHot, labels },
        batchSize: 'full',
        seed: 0,
        signal: undefined,
        checkLoss: () => {},
        participants: 3,
        replica: { kind: 'book', name: 'mlp' },
        classes: 5,
      });
      return async () => {
        await engine.dispose();
        model.dispose();
        T.dispose([train.x, oneHot]);
      };
    }, 60_000);

    it('leaves every worker with weights bit-identical to the coordinator after each step', async () => {
      for (let epoch = 1; epoch <= 3; epoch++) {
        await engine.epoch(epoch, false);
        const mine = new Float32Array(model.parameters().flatMap((p) => Array.from(p.value.dataSync())));
        const theirs = await engine.workerWeights();
        expect(theirs).toHaveLength(2);
        for (const w of theirs) expect(differing(w, mine)).toBe(0);
      }
    });

    it('counts the forward pass as the training accuracy of the weights before the step', async () => {
      const before = await engine.trainCorrect();
      const { correct } = (await engine.epoch(4, true)) ?? { correct: -1 };
      expect(correct).toBe(before);
    });

    it('keeps the tensor count constant in the coordinator and in every worker', async () => {
      await engine.epoch(5, false);
      const coordinator = T.memory().numTensors;
      const workers = engine.workerTensors();
      for (let epoch = 6; epoch <= 40; epoch++) await engine.epoch(epoch, epoch % 2 === 0);
      expect(T.memory().numTensors).toBe(coordinator);
      expect(engine.workerTensors()).toEqual(workers);
    });
  });

  it('rejects a replica that does not match the model, naming the worker, and stops the others', async () => {
    const train = toyData(20);
    const model = bookModel('hidden');
    const before = T.memory().numTensors;
    await expect(
      fit(model, { train }, { epochs: 2, optimizer: new SGD(0.1), workers: 3, replica: { kind: 'book', name: 'mlp' } }),
    ).rejects.toThrow(/worker \d of 3 failed: the replica's parameters have shapes/);
    expect(T.memory().numTensors).toBe(before);
    model.dispose();
    train.x.dispose();
  }, 60_000);

  it('refuses workers > 1 without a replica description or with a loss function', async () => {
    const train = toyData(10);
    const model = bookModel('hidden');
    await expect(fit(model, { train }, { epochs: 1, optimizer: new SGD(0.1), workers: 2 })).rejects.toThrow(
      /fit: argument 'replica' expected a model description for the workers/,
    );
    await expect(
      fit(
        model,
        { train },
        {
          epochs: 1,
          optimizer: new SGD(0.1),
          workers: 2,
          replica: { kind: 'book', name: 'hidden' },
          loss: lossFunction('softmax'),
        },
      ),
    ).rejects.toThrow(/argument 'loss' expected a loss name/);
    await expect(fit(model, { train }, { epochs: 1, optimizer: new SGD(0.1), workers: 0 })).rejects.toThrow(
      /argument 'workers' expected a positive integer, got 0/,
    );
    model.dispose();
    train.x.dispose();
  });
});
