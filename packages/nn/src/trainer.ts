import * as T from '@typeflow/tensor';
import type { Layer } from './layers/layer.js';
import { type LossFunction, type LossName, lossFunction } from './losses.js';
import { accuracy, predictClasses } from './metrics.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { epochBatches } from './shuffle.js';
import { oneThread, type Steps, type TrainingStrategy } from './strategy.js';
import type { TrainingSet } from './training-set.js';

/** Examples `x` [n, ...features] with their class labels (n integers in 0..classes-1). */
export interface LabeledData {
  readonly x: T.Tensor;
  readonly labels: ArrayLike<number>;
}

export interface FitData {
  readonly train: LabeledData;
  readonly valid?: LabeledData;
}

/** One evaluation: after `epoch` completed epochs, the last loss and the accuracies (0..1). */
export interface EvalRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly trainAcc: number;
  /** NaN when there is no validation data. */
  readonly validAcc: number;
}

export interface History {
  readonly epoch: number[];
  readonly trainAcc: number[];
  readonly validAcc: number[];
  readonly loss: number[];
}

export interface FitOptions {
  /** Total epochs; with `startEpoch`, training runs epochs startEpoch+1 .. epochs. */
  readonly epochs: number;
  readonly optimizer: Optimizer;
  /** Examples per step, or 'full' (one step per epoch on the whole training set, as the book). */
  readonly batchSize?: number | 'full';
  /** Evaluate after epochs 1, 1 + evalEvery, 1 + 2 evalEvery, ... and the last (the book: every 10). */
  readonly evalEvery?: number;
  /** A loss on the logits: 'book', 'softmax' (the default) or a function. */
  readonly loss?: LossName | LossFunction;
  /** Seeds the minibatch order (each epoch's order depends only on seed and epoch). */
  readonly seed?: number;
  /** Epochs already done (resuming a run); the history continues from there. */
  readonly startEpoch?: number;
  /**
   * Called with each evaluation. A record whose training accuracy comes from the next step's forward
   * pass (see `fit`) is reported once that step has run, after `onEpoch` of the next epoch: whenever a
   * callback runs, the model holds the weights after the last epoch `onEpoch` announced.
   */
  readonly onEval?: (record: EvalRecord) => void;
  /** Called after every epoch with its mean loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
  /** Stops between steps when aborted; `fit` then resolves with `stopped: true`. */
  readonly signal?: AbortSignal;
  /**
   * How the steps run: `oneThread` (the default), or `workerThreads({ workers, replica })` from
   * `@typeflow/nn/parallel` (Node only), which shares every step with worker threads.
   */
  readonly strategy?: TrainingStrategy;
}

export interface FitResult {
  readonly history: History;
  /** Epochs completed, counting `startEpoch`. */
  readonly epochs: number;
  readonly stopped: boolean;
  /** Training wall time in seconds (evaluation included). */
  readonly seconds: number;
}

/** The loss became NaN or infinite: training stopped before applying that step. */
export class TrainingDivergedError extends T.TypeflowError {
  override name = 'TrainingDivergedError';
  readonly epoch: number;
  readonly history: History;

  constructor(epoch: number, loss: number, history: History) {
    super(
      `fit: the loss became ${loss} at epoch ${epoch}; lower the learning rate (the weights are those before epoch ${epoch})`,
      {
        op: 'fit',
        argument: 'learningRate',
      },
    );
    this.epoch = epoch;
    this.history = history;
  }
}

// How often fit yields to the event loop (between steps), so signals (Ctrl-C, a worker's stop message)
// and timers are handled during training.
const YIELD_EVERY_MS = 50;

// setImmediate is Node's; a browser has only setTimeout (its docs pages train with this trainer).
const yieldToEventLoop = () =>
  new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

// #region fit
/**
 * Trains `model` on `data` by gradient descent with `options.optimizer`: for each epoch, a step on
 * each batch (`options.strategy`, by default `trainStep` on this thread), then the evaluations the
 * book makes. Every step's tensors are released: the tensor count is the same before and after (and
 * during) any number of epochs.
 *
 * On a full batch, the training accuracy after epoch e is read from the forward pass of step e + 1,
 * which runs on exactly those weights, instead of a second forward pass over the training set (when
 * the model's forward pass is the same in training: `differsInTraining` false).
 */
export async function fit(model: Layer, data: FitData, options: FitOptions): Promise<FitResult> {
  const { epochs, evalEvery, batchSize, seed, loss, optimizer, signal } = checkOptions(model, data, options);
  const train = trainingSet(model, data.train);
  const count = train.labels.length;
  const fullBatch = batchSize === 'full' || batchSize >= count;
  const reuseForward = fullBatch && model.differsInTraining === false; // see above
  const evaluations = new Evaluations(options.onEval);
  const started = performance.now();
  let lastYield = started;
  let epoch = options.startEpoch ?? 0;
  let steps: Steps | undefined;
  try {
    steps = await (options.strategy ?? oneThread).start({ model, train, fullBatch, loss, optimizer });
    training: while (epoch < epochs) {
      const batches = epochBatches(count, batchSize, seed, epoch + 1);
      let total = 0;
      let correct = 0;
      for (const { rows, index } of batches) {
        if (signal?.aborted) break training;
        const step = await steps.run(rows, index);
        if (!Number.isFinite(step.loss)) {
          evaluations.complete(step.correct / count); // the step was not applied: same weights
          throw new TrainingDivergedError(epoch + 1, step.loss, evaluations.history);
        }
        total += step.loss;
        correct = step.correct;
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }
      epoch += 1;
      options.onEpoch?.(epoch, total / batches.length);
      evaluations.complete(correct / count);
      if ((epoch - 1) % evalEvery === 0 || epoch === epochs) {
        const record = { epoch, loss: total / batches.length, validAcc: validAccuracy(model, data.valid) };
        if (reuseForward && epoch < epochs) evaluations.awaitTrainAccuracy(record);
        else evaluations.add({ ...record, trainAcc: (await steps.countCorrect()) / count });
      }
    }
    if (evaluations.waiting) evaluations.complete((await steps.countCorrect()) / count);
  } finally {
    await steps?.dispose();
    T.dispose(train.oneHot);
  }
  const seconds = (performance.now() - started) / 1000;
  return { history: evaluations.history, epochs: epoch, stopped: epoch < epochs, seconds };
}
// #endregion fit

/** A run's evaluation records, in order; the last may wait for its training accuracy (the next step's). */
class Evaluations {
  readonly history: History = { epoch: [], trainAcc: [], validAcc: [], loss: [] };
  private pending: Omit<EvalRecord, 'trainAcc'> | undefined;

  constructor(private readonly onEval: FitOptions['onEval']) {}

  get waiting(): boolean {
    return this.pending !== undefined;
  }

  add(record: EvalRecord): void {
    this.history.epoch.push(record.epoch);
    this.history.loss.push(record.loss);
    this.history.trainAcc.push(record.trainAcc);
    this.history.validAcc.push(record.validAcc);
    this.onEval?.(record);
  }

  awaitTrainAccuracy(record: Omit<EvalRecord, 'trainAcc'>): void {
    this.pending = record;
  }

  /** Completes the waiting record, if any, with its training accuracy. */
  complete(trainAcc: number): void {
    if (this.pending === undefined) return;
    const record = { ...this.pending, trainAcc };
    this.pending = undefined;
    this.add(record);
  }
}

function validAccuracy(model: Layer, valid: LabeledData | undefined): number {
  return valid ? accuracy(predictClasses(model, valid.x), valid.labels) : Number.NaN;
}

/** The training set with checked labels and their one-hot form (the caller disposes `oneHot`). */
function trainingSet(model: Layer, data: LabeledData): TrainingSet {
  const out = model.outputShape(data.x.shape.slice(1));
  if (out.length !== 1)
    T.refuse(T.ShapeError, 'fit', 'model', 'an output of shape [classes] per example', T.formatShape(out));
  const classes = out[0] as number;
  const labels = Int32Array.from(data.labels);
  labels.forEach((label, i) => {
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      T.refuse(T.ValueError, 'fit', 'data.train.labels', `class labels in 0..${classes - 1}`, `${label} at index ${i}`);
    }
  });
  const oneHot = T.scope(() => T.oneHot(T.tensor(labels, [labels.length], 'int32'), classes));
  return { x: data.x, labels, oneHot };
}

interface Settings {
  readonly epochs: number;
  readonly evalEvery: number;
  readonly batchSize: number | 'full';
  readonly seed: number;
  readonly loss: LossName | LossFunction;
  readonly optimizer: Optimizer;
  readonly signal: AbortSignal | undefined;
}

function checkOptions(model: Layer, data: FitData, options: FitOptions): Settings {
  const { epochs, evalEvery = 10, startEpoch = 0, batchSize = 'full', seed = 0, loss = 'softmax' } = options;
  const positive = (argument: string, value: unknown) => {
    if (!Number.isInteger(value) || (value as number) <= 0)
      T.refuse(T.ValueError, 'fit', argument, 'a positive integer', T.describeValue(value));
  };
  positive('epochs', epochs);
  positive('evalEvery', evalEvery);
  if (batchSize !== 'full') positive('batchSize', batchSize);
  if (!Number.isInteger(startEpoch) || startEpoch < 0 || startEpoch > epochs) {
    T.refuse(T.ValueError, 'fit', 'startEpoch', `an integer in 0..${epochs}`, T.describeValue(startEpoch));
  }
  if (!Number.isInteger(seed)) T.refuse(T.ValueError, 'fit', 'seed', 'an integer', T.describeValue(seed));
  if (!options.optimizer)
    T.refuse(
      T.ValueError,
      'fit',
      'optimizer',
      'an optimizer (SGD, Momentum, Adam)',
      T.describeValue(options.optimizer),
    );
  if (typeof loss !== 'function') lossFunction(loss);
  for (const [name, part] of [
    ['train', data.train],
    ['valid', data.valid],
  ] as const) {
    if (part === undefined) continue;
    if (!(part.x instanceof T.Tensor))
      T.refuse(T.ValueError, 'fit', `data.${name}.x`, 'a Tensor', T.describeValue(part.x));
    if (part.x.shape[0] !== part.labels.length) {
      T.refuse(
        T.ShapeError,
        'fit',
        `data.${name}.labels`,
        `${part.x.shape[0]} labels, one per example of x`,
        String(part.labels.length),
      );
    }
    model.outputShape(part.x.shape.slice(1));
  }
  return { epochs, evalEvery, batchSize, seed, loss, optimizer: options.optimizer, signal: options.signal };
}
