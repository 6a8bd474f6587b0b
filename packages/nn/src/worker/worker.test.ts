import * as T from '@typeflow/tensor';
import { randomValues } from '@typeflow/tensor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointArrays } from '../checkpoint.js';
import { bookModel } from '../models.js';
import { SGD } from '../optimizers/sgd.js';
import { fit } from '../trainer.js';
import { type MessageEndpoint, serveTraining, type TrainingProgress, trainInWorker } from './index.js';

// The worker's scope and the page's Worker are the two ends of a MessageChannel: the same postMessage
// and 'message' events, the same structured cloning, on Node.
const channels: InstanceType<typeof MessageChannel>[] = [];
function channel(): { worker: MessageEndpoint; page: MessageEndpoint } {
  const pair = new MessageChannel();
  channels.push(pair);
  pair.port1.start();
  pair.port2.start();
  return { worker: pair.port1 as unknown as MessageEndpoint, page: pair.port2 as unknown as MessageEndpoint };
}
afterEach(() => {
  for (const pair of channels.splice(0)) {
    pair.port1.close();
    pair.port2.close();
  }
});

/** 60 examples of 1296 features in 5 classes, class k brighter in band k (learnable). */
function toyData() {
  const x = randomValues(60 * 1296, 7, 0, 0.5);
  const labels = Array.from({ length: 60 }, (_, i) => i % 5);
  labels.forEach((label, i) => {
    for (let p = label * 200; p < label * 200 + 200; p++) x[i * 1296 + p] = (x[i * 1296 + p] as number) + 0.5;
  });
  return { x: T.tensor(x, [60, 1296]), labels };
}

/** The worker side of the tests: trains the hidden-layer model for `input.epochs`, returns its weights. */
function serveToyTraining(port: MessageEndpoint) {
  serveTraining(async (input: { epochs: number }, { fit }) => {
    await T.setBackend('cpu');
    const train = toyData();
    const model = bookModel('hidden', { seed: 3 });
    try {
      const result = await fit(model, { train }, { epochs: input.epochs, optimizer: new SGD(0.5), evalEvery: 1 });
      return { stopped: result.stopped, epochs: result.epochs, weights: checkpointArrays(model) };
    } finally {
      model.dispose();
      train.x.dispose();
    }
  }, port);
}

describe('trainInWorker and serveTraining', () => {
  it('reports every evaluation, then resolves with what the training function returned', async () => {
    const { worker, page } = channel();
    serveToyTraining(worker);
    const progress: TrainingProgress[] = [];
    const run = trainInWorker<{ epochs: number }, { epochs: number; weights: Record<string, { shape: number[] }> }>(
      page,
      { epochs: 4 },
      { onProgress: (p) => progress.push(p) },
    );
    const output = await run.result;
    expect(progress.map((p) => [p.fit, p.epoch, p.epochs])).toEqual([
      [0, 1, 4],
      [0, 2, 4],
      [0, 3, 4],
      [0, 4, 4],
    ]);
    // The same numbers as fit on this thread.
    const train = toyData();
    const model = bookModel('hidden', { seed: 3 });
    const direct = await fit(model, { train }, { epochs: 4, optimizer: new SGD(0.5), evalEvery: 1 });
    model.dispose();
    train.x.dispose();
    expect(progress.map((p) => [p.loss, p.trainAcc])).toEqual(
      direct.history.loss.map((l, i) => [l, direct.history.trainAcc[i]]),
    );
    expect(output.epochs).toBe(4);
    expect(output.weights.W1?.shape).toEqual([1296, 128]);
  });

  it('stop() ends fit between steps; the result still arrives, marked stopped', async () => {
    const { worker, page } = channel();
    serveToyTraining(worker);
    const run = trainInWorker<{ epochs: number }, { stopped: boolean; epochs: number }>(
      page,
      { epochs: 100_000 },
      { onProgress: (p) => p.epoch === 3 && run.stop() },
    );
    const output = await run.result;
    expect(output.stopped).toBe(true);
    expect(output.epochs).toBeLessThan(100_000);
  });

  it("rejects with the training function's error, its name and message kept", async () => {
    const { worker, page } = channel();
    serveTraining(async (input: { epochs: number }, { fit }) => {
      const model = bookModel('logistic');
      await fit(model, { train: toyData() }, { epochs: input.epochs, optimizer: new SGD(0.1) });
    }, worker);
    await expect(trainInWorker(page, { epochs: 0 }).result).rejects.toMatchObject({
      name: 'ValueError',
      message: expect.stringContaining("argument 'epochs' expected a positive integer"),
    });
  });

  it('keeps runs on one worker apart by their id', async () => {
    const { worker, page } = channel();
    serveTraining((input: number) => input * 2, worker);
    const results = await Promise.all([1, 2, 3].map((n) => trainInWorker<number, number>(page, n).result));
    expect(results).toEqual([2, 4, 6]);
  });
});
