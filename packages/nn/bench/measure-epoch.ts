/**
 * One measurement in a fresh process (so peak memory is its own): full-batch training epochs of one
 * book model, with typeflow's `fit` (the book's recipe, evaluating every 10 epochs as the book does)
 * or with tfjs-layers' `model.fit`. Prints one JSON line.
 *   node --conditions=source --import tsx bench/measure-epoch.ts '{"impl":"typeflow","model":"mlp",...}'
 */
import * as tf from '@tensorflow/tfjs-core';
import * as T from '@typeflow/tensor';
import { toTfjs } from '@typeflow/tensor/tfjs';
import { BOOK_RECIPES, type BookModelName, bookModel, fit, SGD } from '../src/index.js';
import { workerThreads } from '../src/parallel/index.js';
import { bookData } from '../src/test-data.js';
import { trainingFlops } from './flops.js';
import { tfjsBookModel } from './tfjs-models.js';

export interface EpochTask {
  readonly impl: 'typeflow' | 'tfjs-layers';
  readonly model: BookModelName;
  readonly backend: T.Backend;
  /** typeflow only: threads sharing each step. */
  readonly workers: number;
  /** Timed epochs after `warmup` untimed ones. */
  readonly epochs: number;
  readonly warmup: number;
}

export interface EpochMeasurement extends EpochTask {
  readonly msPerEpoch: number;
  readonly gflops: number;
  /** Time before the first epoch could start (worker threads, compilation), in ms. */
  readonly setupMs: number;
  readonly peakRssMB: number;
  /** Live tensors (this thread) and resident memory at the start and the end of the timed epochs. */
  readonly tensors: readonly [number, number];
  readonly rssMB: readonly [number, number];
  readonly error?: string;
}

const task = JSON.parse(process.argv[2] as string) as EpochTask;
const rssMB = () => process.memoryUsage().rss / 2 ** 20;

async function typeflow(): Promise<Omit<EpochMeasurement, keyof EpochTask | 'gflops' | 'peakRssMB'>> {
  const data = await bookData();
  const model = bookModel(task.model, { seed: 0 });
  const recipe = BOOK_RECIPES[task.model];
  const marks: number[] = [];
  const last = task.warmup + task.epochs;
  let tensors: [number, number] = [0, 0];
  let rss: [number, number] = [0, 0];
  const started = performance.now();
  await fit(model, data, {
    epochs: task.warmup + task.epochs,
    optimizer: new SGD(recipe.learningRate),
    loss: recipe.loss,
    batchSize: 'full',
    evalEvery: recipe.evalEvery,
    strategy: workerThreads({ workers: task.workers, replica: { kind: 'book', name: task.model } }),
    onEpoch: (epoch) => {
      marks[epoch] = performance.now();
      if (epoch === task.warmup) {
        tensors = [T.memory().numTensors, 0];
        rss = [rssMB(), 0];
      }
      if (epoch === last) {
        tensors = [tensors[0], T.memory().numTensors];
        rss = [rss[0], rssMB()];
      }
    },
  });
  const msPerEpoch = ((marks[last] as number) - (marks[task.warmup] as number)) / task.epochs;
  return { msPerEpoch, setupMs: (marks[1] as number) - started - msPerEpoch, tensors, rssMB: rss };
}

async function tfjsLayers(): Promise<Omit<EpochMeasurement, keyof EpochTask | 'gflops' | 'peakRssMB'>> {
  const data = await bookData();
  const count = data.train.labels.length;
  const x = toTfjs(data.train.x);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(data.train.labels), 'int32'), 5);
  const model = tfjsBookModel(task.model);
  model.compile({ optimizer: tf.train.sgd(BOOK_RECIPES[task.model].learningRate), loss: 'categoricalCrossentropy' });
  const options = { batchSize: count, shuffle: false, verbose: 0 } as const;
  const started = performance.now();
  await model.fit(x, y, { ...options, epochs: task.warmup });
  const warmed = performance.now();
  const tensors: [number, number] = [tf.memory().numTensors, 0];
  const rss: [number, number] = [rssMB(), 0];
  await model.fit(x, y, { ...options, epochs: task.epochs });
  const msPerEpoch = (performance.now() - warmed) / task.epochs;
  tensors[1] = tf.memory().numTensors;
  rss[1] = rssMB();
  return { msPerEpoch, setupMs: Math.max(0, warmed - started - task.warmup * msPerEpoch), tensors, rssMB: rss };
}

await T.setBackend(task.backend);
let result: EpochMeasurement;
try {
  const measured = task.impl === 'typeflow' ? await typeflow() : await tfjsLayers();
  // The book's training set: 2790 images less the 10% held out for validation.
  const flops = trainingFlops(bookModel(task.model), 2511);
  result = {
    ...task,
    ...measured,
    gflops: flops / (measured.msPerEpoch * 1e6),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
} catch (error) {
  const nothing = {
    msPerEpoch: Number.NaN,
    gflops: Number.NaN,
    setupMs: Number.NaN,
    tensors: [0, 0],
    rssMB: [0, 0],
  } as const;
  result = {
    ...task,
    ...nothing,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    error: String((error as Error).message ?? error),
  };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
