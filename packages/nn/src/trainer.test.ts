import * as T from '@typeflow/tensor';
import { randomValues } from '@typeflow/tensor/testing';
import { describe, expect, it, vi } from 'vitest';
import { Dense } from './layers/dense.js';
import { Dropout } from './layers/dropout.js';
import type { Layer } from './layers/layer.js';
import { Sequential } from './layers/sequential.js';
import { accuracy } from './metrics.js';
import { bookModel } from './models.js';
import { Adam } from './optimizers/adam.js';
import { SGD } from './optimizers/sgd.js';
import { workerThreads } from './parallel/index.js';
import { fit, TrainingDivergedError } from './trainer.js';

/** The identity, declared to differ in training (as a Dropout would). */
class Passthrough implements Layer {
  readonly name = 'passthrough';
  readonly differsInTraining = true;
  forward(x: T.Tensor): T.Tensor {
    return x;
  }
  parameters() {
    return [];
  }
  outputShape(shape: T.Shape): T.Shape {
    return shape;
  }
}

/** 60 examples of 1296 features in 5 classes: class k has brighter pixels in band k (learnable). */
function toyData(count = 60) {
  const x = randomValues(count * 1296, 7, 0, 0.5);
  const labels = Array.from({ length: count }, (_, i) => i % 5);
  labels.forEach((label, i) => {
    for (let p = label * 200; p < label * 200 + 200; p++) x[i * 1296 + p] = (x[i * 1296 + p] as number) + 0.5;
  });
  return { x: T.tensor(x, [count, 1296]), labels };
}

async function toyRun(
  backend: T.Backend,
  options: { epochs: number; batchSize?: number | 'full'; seed?: number; evalEvery?: number },
) {
  await T.setBackend(backend);
  const train = toyData();
  const model = bookModel('hidden', { seed: 3 });
  const result = await fit(model, { train }, { optimizer: new SGD(0.5), loss: 'softmax', ...options });
  model.dispose();
  train.x.dispose();
  return result;
}

describe('fit', () => {
  it('learns a learnable task and records the book schedule (1, 11, 21, ..., last)', async () => {
    const result = await toyRun('wasm', { epochs: 35, evalEvery: undefined });
    expect(result.history.epoch).toEqual([1, 11, 21, 31, 35]);
    expect(result.history.trainAcc.at(-1)).toBe(1);
    expect(result.history.loss.at(-1)).toBeLessThan(result.history.loss[0] as number);
  });

  it('evaluates every evalEvery epochs from the first, and after the last', async () => {
    const result = await toyRun('wasm', { epochs: 12, evalEvery: 5 });
    expect(result.history.epoch).toEqual([1, 6, 11, 12]);
  });

  it.each(['cpu', 'wasm'] as const)('gives an identical history twice with the same seed on %s', async (backend) => {
    const a = await toyRun(backend, { epochs: 12, batchSize: 16, seed: 5 });
    const b = await toyRun(backend, { epochs: 12, batchSize: 16, seed: 5 });
    expect(b.history).toEqual(a.history);
  });

  it('trains minibatches of a mostly-zero set on its nonzeros as the dense path does, on 1 and 2 threads', async () => {
    await T.setBackend('wasm');
    // The toy task at 10% density: each example keeps a random tenth of its pixels.
    const { x, labels } = toyData(80);
    const keep = randomValues(80 * 1296, 9, 0, 1);
    const sparseX = T.tensor(
      (x.dataSync() as Float32Array).map((v, i) => ((keep[i] as number) < 0.1 ? v : 0)),
      [80, 1296],
    );
    x.dispose();
    const run = async (workers: number) => {
      const model = bookModel('hidden', { seed: 3 });
      const optimizer = new Adam(0.01);
      const before = T.memory().numTensors;
      const result = await fit(
        model,
        { train: { x: sparseX, labels } },
        {
          optimizer,
          loss: 'softmax',
          epochs: 4,
          batchSize: 16,
          evalEvery: 1,
          strategy: workerThreads({ workers, replica: { kind: 'book', name: 'hidden' } }),
        },
      );
      optimizer.dispose();
      expect(T.memory().numTensors).toBe(before); // stand-ins and the sparse set released
      model.dispose();
      return result;
    };
    const products = vi.spyOn(T.SparseMatrix.prototype, 'matmul');
    const one = await run(1);
    expect(products).toHaveBeenCalled();
    const two = await run(2);
    products.mockClear();
    const unavailable = vi.spyOn(T.SparseMatrix, 'available', 'get').mockReturnValue(false);
    const dense = await run(1);
    unavailable.mockRestore();
    expect(products).not.toHaveBeenCalled(); // the reference run was dense
    products.mockRestore();
    sparseX.dispose();
    for (const sparse of [one, two]) {
      expect(sparse.history.epoch).toEqual(dense.history.epoch);
      sparse.history.loss.forEach((loss, i) => {
        expect(Math.abs(loss - (dense.history.loss[i] as number))).toBeLessThan(1e-4 * Math.abs(loss) + 1e-6);
      });
    }
    expect(one.history.trainAcc.at(-1)).toBeGreaterThan(0.9);
  });

  it('agrees between cpu and wasm on a short run within float32 tolerance', async () => {
    const cpu = await toyRun('cpu', { epochs: 10 });
    const wasm = await toyRun('wasm', { epochs: 10 });
    // Different kernels sum in a different order: losses agree to about 1e-5 relative after 10 steps.
    cpu.history.loss.forEach((loss, i) => {
      expect(Math.abs(loss - (wasm.history.loss[i] as number))).toBeLessThan(1e-4 * loss);
    });
    expect(wasm.history.trainAcc).toEqual(cpu.history.trainAcc);
  });

  it('keeps the tensor count constant over 2,000 epochs', async () => {
    await T.setBackend('wasm');
    const train = toyData(20);
    const model = new Sequential([new Dense(1296, 5)], { inputShape: [1296] });
    const optimizer = new Adam(0.01);
    await fit(model, { train, valid: train }, { epochs: 1, optimizer });
    const before = T.memory().numTensors;
    let during = 0;
    await fit(
      model,
      { train, valid: train },
      {
        epochs: 2000,
        optimizer,
        batchSize: 8,
        onEval: () => {
          during = Math.max(during, T.memory().numTensors);
        },
      },
    );
    expect(T.memory().numTensors).toBe(before);
    expect(during).toBe(before + 1); // the one-hot labels held for the run
  });

  it('keeps the tensor count constant over 500 full-batch epochs', async () => {
    await T.setBackend('wasm');
    const train = toyData(20);
    const model = bookModel('hidden', { seed: 1 });
    const optimizer = new Adam(0.01);
    await fit(model, { train, valid: train }, { epochs: 1, optimizer });
    const before = T.memory().numTensors;
    let during = 0;
    await fit(
      model,
      { train, valid: train },
      {
        epochs: 500,
        optimizer,
        onEval: () => {
          during = Math.max(during, T.memory().numTensors);
        },
      },
    );
    expect(T.memory().numTensors).toBe(before);
    expect(during).toBe(before + 2); // the one-hot labels and the input's cached transpose
  });

  it("reads the training accuracy from the next step's forward pass, equal to a separate evaluation", async () => {
    await T.setBackend('wasm');
    const train = toyData();
    const layers = (extra: Layer[]) => {
      const model = bookModel('hidden', { seed: 3 });
      return new Sequential([...model.layers, ...extra], { inputShape: [1296] });
    };
    const events: string[] = [];
    const options = { epochs: 23, optimizer: new SGD(0.05), loss: 'softmax' as const, evalEvery: 4 };
    const reused = await fit(
      layers([]),
      { train, valid: train },
      { ...options, onEval: (r) => events.push(`eval ${r.epoch}`), onEpoch: (e) => events.push(`epoch ${e}`) },
    );
    // Same network; a layer that says it differs in training makes fit evaluate with a forward pass of its own.
    const separate = await fit(layers([new Passthrough()]), { train, valid: train }, options);
    expect(reused.history.epoch).toEqual([1, 5, 9, 13, 17, 21, 23]);
    expect(reused.history).toEqual(separate.history);
    expect(reused.history.trainAcc).toEqual(reused.history.validAcc); // valid is the training set here
    // Epoch e's record waits for step e + 1; the last epoch's is evaluated directly.
    expect(events.filter((e) => e.startsWith('eval'))).toEqual(reused.history.epoch.map((e) => `eval ${e}`));
    expect(events.slice(0, 3)).toEqual(['epoch 1', 'epoch 2', 'eval 1']);
    expect(events.slice(-2)).toEqual(['epoch 23', 'eval 23']);
    train.x.dispose();
  });

  it('a model differs in training when any of its layers does', () => {
    expect(bookModel('mlp').differsInTraining).toBe(false);
    expect(bookModel('cnn2').differsInTraining).toBe(true);
    expect(new Dropout(1).differsInTraining).toBe(false);
    // A user's layer that does not say is taken to differ (no reuse of the training forward pass).
    const unsaid: Layer = { name: 'unsaid', forward: (x) => x, parameters: () => [], outputShape: (s) => s };
    expect(new Sequential([new Dense(4, 2), unsaid], { inputShape: [4] }).differsInTraining).toBe(true);
  });

  it.each([1, 2])(
    "evaluates a minibatch run's training set in chunks sized by the largest activation, as one pass would (%i threads)",
    async (workers) => {
      await T.setBackend('wasm');
      // cnn2: 20,736 values per example after its first convolution, so about 400 rows per chunk.
      const train = toyData(1000);
      const model = bookModel('cnn2', { seed: 1 });
      const result = await fit(
        model,
        { train, valid: train },
        {
          epochs: 3,
          optimizer: new Adam(0.005),
          loss: 'softmax',
          batchSize: 100,
          evalEvery: 1,
          strategy: workerThreads({ workers, replica: { kind: 'book', name: 'cnn2' } }),
        },
      );
      // valid is the training set: both evaluations must agree exactly, and with one forward pass.
      expect(result.history.trainAcc).toEqual(result.history.validAcc);
      expect(result.history.validAcc.at(-1)).toBeGreaterThan(0.5);
      const onePass = T.scope(() => T.argmax(model.forward(train.x)));
      expect(result.history.trainAcc.at(-1)).toBe(accuracy(onePass.dataSync(), train.labels));
      onePass.dispose();
      model.dispose();
      train.x.dispose();
    },
    120_000,
  );

  it('stops between steps when the signal aborts', async () => {
    await T.setBackend('wasm');
    const train = toyData(20);
    const controller = new AbortController();
    const model = new Sequential([new Dense(1296, 5)], { inputShape: [1296] });
    const result = await fit(
      model,
      { train },
      {
        epochs: 100,
        optimizer: new SGD(0.1),
        onEpoch: (epoch) => epoch === 7 && controller.abort(),
        signal: controller.signal,
      },
    );
    expect(result.stopped).toBe(true);
    expect(result.epochs).toBe(7);
  });

  it('stops with a clear error naming the epoch when the loss diverges', async () => {
    await T.setBackend('wasm');
    const train = toyData(20);
    const model = new Sequential([new Dense(1296, 5)], { inputShape: [1296] });
    // A step of 1e38 sends the weights near float32's limit: the next logits overflow and the loss is NaN.
    const run = () => fit(model, { train }, { epochs: 50, optimizer: new SGD(1e38), loss: 'softmax' });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect((error as TrainingDivergedError).epoch).toBe(2);
    expect((error as Error).message).toMatch(/the loss became NaN at epoch 2; lower the learning rate/);
    expect((error as TrainingDivergedError).history.epoch).toEqual([1]);
  });

  it('refuses labels and inputs of different lengths, and bad options', async () => {
    await T.setBackend('wasm');
    const { x } = toyData(10);
    const model = bookModel('logistic');
    await expect(fit(model, { train: { x, labels: [0, 1] } }, { epochs: 1, optimizer: new SGD(0.1) })).rejects.toThrow(
      "fit: argument 'data.train.labels' expected 10 labels, one per example of x, got 2",
    );
    const labels = Array.from({ length: 10 }, () => 7);
    await expect(fit(model, { train: { x, labels } }, { epochs: 1, optimizer: new SGD(0.1) })).rejects.toThrow(
      /class labels in 0..4/,
    );
    await expect(
      fit(model, { train: { x, labels: labels.map(() => 0) } }, { epochs: 0, optimizer: new SGD(0.1) }),
    ).rejects.toThrow(/argument 'epochs' expected a positive integer, got 0/);
  });
});
