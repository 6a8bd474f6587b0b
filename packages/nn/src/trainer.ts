import { type Variable, variableGrads } from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import type { Layer } from './layers/layer.js';
import { type LossFunction, type LossName, lossFunction } from './losses.js';
import { accuracy, predictClasses } from './metrics.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { epochPermutation } from './shuffle.js';

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

/**
 * Trains `model` on `data` by gradient descent with `options.optimizer`. Every step's tensors are
 * released: the tensor count is the same before and after (and during) any number of epochs.
 */
export async function fit(model: Layer, data: FitData, options: FitOptions): Promise<FitResult> {
  const settings = checkOptions(model, data, options);
  const { epochs, evalEvery, startEpoch, optimizer, signal } = settings;
  const parameters = model.parameters();
  const classes = outputClasses(model, data.train.x);
  const train = prepare(data.train, classes, 'train');
  const history: History = { epoch: [], trainAcc: [], validAcc: [], loss: [] };
  const started = performance.now();
  let lastYield = started;
  let epoch = startEpoch;
  try {
    while (epoch < epochs) {
      if (signal?.aborted) break;
      const loss = runEpoch(
        model,
        train,
        parameters,
        optimizer,
        settings.loss,
        settings.batchSize,
        settings.seed,
        epoch + 1,
        history,
        signal,
      );
      if (loss === undefined) break;
      epoch += 1;
      options.onEpoch?.(epoch, loss);
      if ((epoch - 1) % evalEvery === 0 || epoch === epochs) {
        const record = evaluate(model, data, epoch, loss);
        history.epoch.push(record.epoch);
        history.loss.push(record.loss);
        history.trainAcc.push(record.trainAcc);
        history.validAcc.push(record.validAcc);
        options.onEval?.(record);
      }
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
  } finally {
    train.dispose();
  }
  return { history, epochs: epoch, stopped: epoch < epochs, seconds: (performance.now() - started) / 1000 };
}

interface Prepared {
  readonly x: T.Tensor;
  readonly oneHot: T.Tensor;
  readonly count: number;
  dispose(): void;
}

function prepare(data: LabeledData, classes: number, name: string): Prepared {
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
  return { x: data.x, oneHot, count: labels.length, dispose: () => oneHot.dispose() };
}

/** One epoch: one step on the whole set, or one step per minibatch in a seeded order. Returns the mean loss. */
function runEpoch(
  model: Layer,
  train: Prepared,
  parameters: Variable[],
  optimizer: Optimizer,
  loss: LossFunction,
  batchSize: number | 'full',
  seed: number,
  epoch: number,
  history: History,
  signal: AbortSignal | undefined,
): number | undefined {
  if (batchSize === 'full' || batchSize >= train.count) {
    return step(model, train.x, train.oneHot, parameters, optimizer, loss, epoch, epoch - 1, history);
  }
  const order = epochPermutation(train.count, seed, epoch);
  const stepsPerEpoch = Math.ceil(train.count / batchSize);
  let total = 0;
  let steps = 0;
  for (let start = 0; start < train.count; start += batchSize) {
    if (signal?.aborted) return undefined;
    const indices = order.subarray(start, Math.min(start + batchSize, train.count));
    const [xb, yb] = T.scope(() => {
      const idx = T.tensor(indices, [indices.length], 'int32');
      return [T.gather(train.x, idx), T.gather(train.oneHot, idx)];
    });
    try {
      total += step(model, xb, yb, parameters, optimizer, loss, epoch, (epoch - 1) * stepsPerEpoch + steps, history);
      steps += 1;
    } finally {
      T.dispose([xb, yb]);
    }
  }
  return total / steps;
}

function step(
  model: Layer,
  x: T.Tensor,
  y: T.Tensor,
  parameters: Variable[],
  optimizer: Optimizer,
  loss: LossFunction,
  epoch: number,
  stepIndex: number,
  history: History,
): number {
  const { value, grads } = variableGrads(
    () => loss(model.forward(x, { training: true, step: stepIndex }), y),
    parameters,
  );
  try {
    const lossValue = value.item();
    if (!Number.isFinite(lossValue)) throw new TrainingDivergedError(epoch, lossValue, history);
    optimizer.step(parameters, grads);
    return lossValue;
  } finally {
    T.dispose([value, grads]);
  }
}

function evaluate(model: Layer, data: FitData, epoch: number, loss: number): EvalRecord {
  const trainAcc = accuracy(predictClasses(model, data.train.x), data.train.labels);
  const validAcc = data.valid ? accuracy(predictClasses(model, data.valid.x), data.valid.labels) : Number.NaN;
  return { epoch, loss, trainAcc, validAcc };
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
}

function checkOptions(model: Layer, data: FitData, options: FitOptions): Settings {
  const { epochs, evalEvery = 10, startEpoch = 0, batchSize = 'full', seed = 0 } = options;
  const positive = (argument: string, value: unknown) => {
    if (!Number.isInteger(value) || (value as number) <= 0)
      T.refuse(T.ValueError, 'fit', argument, 'a positive integer', String(value));
  };
  positive('epochs', epochs);
  positive('evalEvery', evalEvery);
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
  return { epochs, evalEvery, startEpoch, batchSize, seed, loss, optimizer: options.optimizer, signal: options.signal };
}
