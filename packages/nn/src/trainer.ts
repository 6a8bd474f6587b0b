import * as T from '@typeflow/tensor';
import { ReLU, Sigmoid, Softmax } from './layers/activations.js';
import { Conv2D } from './layers/conv2d.js';
import { Dense } from './layers/dense.js';
import { Flatten } from './layers/flatten.js';
import type { Layer } from './layers/layer.js';
import { MaxPool2D } from './layers/max-pool2d.js';
import { Reshape } from './layers/reshape.js';
import { Sequential } from './layers/sequential.js';
import { type LossFunction, type LossName, lossFunction } from './losses.js';
import { accuracy, predictClasses } from './metrics.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { type Engine, isFullBatch, LocalEngine } from './parallel/engine.js';
import type { ReplicaSpec } from './parallel/protocol.js';
import type { Examples } from './parallel/replica.js';

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
  readonly loss?: LossName | LossFunction;
  /** Seeds the minibatch order (each epoch's order depends only on seed and epoch). */
  readonly seed?: number;
  /** Epochs already done (resuming a run); the history continues from there. */
  readonly startEpoch?: number;
  readonly onEval?: (record: EvalRecord) => void;
  /** Called after every epoch with its mean loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
  /** Stops between steps when aborted; `fit` then resolves with `stopped: true`. */
  readonly signal?: AbortSignal;
  /**
   * Threads that share each step (data parallelism): this one and `workers - 1` worker threads, each
   * with its own backend and part of every batch; their gradients are summed in a fixed order and
   * applied once, so a run is reproducible for a given number of workers and agrees with one worker
   * within float32 rounding. Default 1: no threads. Needs `replica`, and a loss given by name.
   */
  readonly workers?: number;
  /** How each worker thread builds its copy of the model (its weights come from `model`). */
  readonly replica?: ReplicaSpec;
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

// How often fit yields to the event loop, so signals (Ctrl-C) and timers are handled during training.
const YIELD_EVERY_MS = 50;

// setImmediate is Node's; a browser has only setTimeout (its docs pages train with this trainer).
const yieldToEventLoop = () =>
  new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** An evaluation whose training accuracy comes from the next step's forward pass. */
interface Pending {
  readonly epoch: number;
  readonly loss: number;
  readonly validAcc: number;
}

/**
 * Trains `model` on `data` by gradient descent with `options.optimizer`. Every step's tensors are
 * released: the tensor count is the same before and after (and during) any number of epochs.
 *
 * On a full batch, the training accuracy after epoch e is read from the forward pass of step e + 1,
 * which runs on exactly those weights, instead of a second forward pass over the training set (for
 * models whose forward pass is the same in training and inference: no Dropout). Its record is
 * reported after `onEpoch(e + 1)`; the last epoch's is evaluated directly.
 */
export async function fit(model: Layer, data: FitData, options: FitOptions): Promise<FitResult> {
  const settings = checkOptions(model, data, options);
  const { epochs, evalEvery, startEpoch, signal } = settings;
  const parameters = model.parameters();
  const classes = outputClasses(model, data.train.x);
  const train = prepare(data.train, classes, 'train');
  const history: History = { epoch: [], trainAcc: [], validAcc: [], loss: [] };
  const count = train.labels.length;
  const reuseForward = isFullBatch(settings.batchSize, count) && sameInTraining(model);
  const started = performance.now();
  let engine: Engine | undefined;
  let pending: Pending | undefined;
  const report = (record: EvalRecord) => {
    history.epoch.push(record.epoch);
    history.loss.push(record.loss);
    history.trainAcc.push(record.trainAcc);
    history.validAcc.push(record.validAcc);
    options.onEval?.(record);
  };
  const flush = async () => {
    if (pending === undefined || engine === undefined) return;
    const { epoch, loss, validAcc } = pending;
    pending = undefined;
    report({ epoch, loss, trainAcc: (await engine.trainCorrect()) / count, validAcc });
  };
  let lastYield = started;
  let epoch = startEpoch;
  try {
    const engineOptions = {
      model,
      parameters,
      optimizer: settings.optimizer,
      loss: settings.loss,
      train,
      batchSize: settings.batchSize,
      seed: settings.seed,
      signal,
      checkLoss: (at: number, loss: number) => {
        if (!Number.isFinite(loss)) throw new TrainingDivergedError(at, loss, history);
      },
    };
    // More threads than examples would leave some with nothing to do.
    const participants = Math.min(settings.workers, count);
    engine =
      participants > 1
        ? // Loaded only when used: it needs Node's worker_threads, and browsers train with this trainer too.
          await (await import('./parallel/coordinator.js')).ParallelEngine.start({
            ...engineOptions,
            participants,
            replica: settings.replica as ReplicaSpec,
            lossName: (options.loss ?? 'softmax') as LossName,
            classes,
          })
        : new LocalEngine(engineOptions);
    while (epoch < epochs) {
      if (signal?.aborted) break;
      const result = await engine.epoch(epoch + 1, pending !== undefined);
      if (result === undefined) break;
      epoch += 1;
      options.onEpoch?.(epoch, result.loss);
      if (pending !== undefined) {
        const { epoch: at, loss, validAcc } = pending;
        pending = undefined;
        report({ epoch: at, loss, trainAcc: result.correct / count, validAcc });
      }
      if ((epoch - 1) % evalEvery === 0 || epoch === epochs) {
        const validAcc = data.valid ? accuracy(predictClasses(model, data.valid.x), data.valid.labels) : Number.NaN;
        if (reuseForward && epoch < epochs) pending = { epoch, loss: result.loss, validAcc };
        else report({ epoch, loss: result.loss, trainAcc: (await engine.trainCorrect()) / count, validAcc });
      }
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    await flush();
  } catch (error) {
    // A diverged step was not applied: the pending evaluation's weights are still the model's.
    if (error instanceof TrainingDivergedError) await flush();
    throw error;
  } finally {
    await engine?.dispose();
    T.dispose(train.oneHot);
  }
  return { history, epochs: epoch, stopped: epoch < epochs, seconds: (performance.now() - started) / 1000 };
}

// Layers whose forward pass does not depend on `training` (Dropout does): for these models the
// training step's forward pass is also an evaluation.
const SAME_IN_TRAINING = [Dense, Sigmoid, ReLU, Softmax, Flatten, Reshape, Conv2D, MaxPool2D];

function sameInTraining(model: Layer): boolean {
  const layers = model instanceof Sequential ? model.layers : [model];
  return layers.every((layer) => SAME_IN_TRAINING.some((kind) => layer instanceof kind));
}

function prepare(data: LabeledData, classes: number, name: string): Examples {
  const labels = Int32Array.from(data.labels);
  labels.forEach((label, i) => {
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      T.refuse(
        T.ValueError,
        'fit',
        `data.${name}.labels`,
        `class labels in 0..${classes - 1}`,
        `${label} at index ${i}`,
      );
    }
  });
  const oneHot = T.scope(() => T.oneHot(T.tensor(labels, [labels.length], 'int32'), classes));
  return { x: data.x, oneHot, labels };
}

function outputClasses(model: Layer, x: T.Tensor): number {
  const out = model.outputShape(x.shape.slice(1));
  if (out.length !== 1)
    T.refuse(T.ShapeError, 'fit', 'model', 'an output of shape [classes] per example', T.formatShape(out));
  return out[0] as number;
}

interface Settings {
  readonly epochs: number;
  readonly evalEvery: number;
  readonly startEpoch: number;
  readonly batchSize: number | 'full';
  readonly seed: number;
  readonly loss: LossFunction;
  readonly optimizer: Optimizer;
  readonly signal: AbortSignal | undefined;
  readonly workers: number;
  readonly replica: ReplicaSpec | undefined;
}

function checkOptions(model: Layer, data: FitData, options: FitOptions): Settings {
  const { epochs, evalEvery = 10, startEpoch = 0, batchSize = 'full', seed = 0, workers = 1, replica } = options;
  const positive = (argument: string, value: unknown) => {
    if (!Number.isInteger(value) || (value as number) <= 0)
      T.refuse(T.ValueError, 'fit', argument, 'a positive integer', String(value));
  };
  positive('epochs', epochs);
  positive('evalEvery', evalEvery);
  positive('workers', workers);
  if (workers > 1) {
    if (replica === undefined || typeof replica !== 'object')
      T.refuse(
        T.ValueError,
        'fit',
        'replica',
        "a model description for the workers, e.g. { kind: 'book', name: 'mlp' }",
        String(replica),
      );
    if (typeof options.loss === 'function')
      T.refuse(T.ValueError, 'fit', 'loss', "a loss name ('book' or 'softmax') with workers > 1", 'a function');
  }
  if (batchSize !== 'full') positive('batchSize', batchSize);
  if (!Number.isInteger(startEpoch) || startEpoch < 0 || startEpoch > epochs) {
    T.refuse(T.ValueError, 'fit', 'startEpoch', `an integer in 0..${epochs}`, String(startEpoch));
  }
  if (!Number.isInteger(seed)) T.refuse(T.ValueError, 'fit', 'seed', 'an integer', String(seed));
  if (!options.optimizer)
    T.refuse(T.ValueError, 'fit', 'optimizer', 'an optimizer (SGD, Momentum, Adam)', String(options.optimizer));
  for (const [name, part] of [
    ['train', data.train],
    ['valid', data.valid],
  ] as const) {
    if (part === undefined) continue;
    if (!(part.x instanceof T.Tensor)) T.refuse(T.ValueError, 'fit', `data.${name}.x`, 'a Tensor', String(part.x));
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
  const loss = typeof options.loss === 'function' ? options.loss : lossFunction(options.loss ?? 'softmax');
  return {
    epochs,
    evalEvery,
    startEpoch,
    batchSize,
    seed,
    loss,
    optimizer: options.optimizer,
    signal: options.signal,
    workers,
    replica,
  };
}
