import type { Variable } from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import type { Layer } from '../layers/layer.js';
import type { LossFunction } from '../losses.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { epochPermutation } from '../shuffle.js';
import { type BatchSource, type Examples, Replica } from './replica.js';

/** One epoch's mean loss, and the correct predictions of its (single, full-batch) forward pass when asked for. */
export interface EpochResult {
  readonly loss: number;
  readonly correct: number;
}

/** Runs the epochs of `fit`, on this thread alone or with worker threads. */
export interface Engine {
  /**
   * One epoch (1-based). With `wantCorrect` on a full batch, also counts the forward pass's correct
   * predictions: the training accuracy of the weights before this epoch's step. Resolves undefined
   * when the signal stopped the epoch between two minibatch steps.
   */
  epoch(epoch: number, wantCorrect: boolean): Promise<EpochResult | undefined>;
  /** Correct predictions on the training set with the current weights. */
  trainCorrect(): Promise<number>;
  dispose(): Promise<void>;
}

export interface EngineOptions {
  readonly model: Layer;
  readonly parameters: readonly Variable[];
  readonly optimizer: Optimizer;
  readonly loss: LossFunction;
  readonly train: Examples;
  readonly batchSize: number | 'full';
  readonly seed: number;
  readonly signal: AbortSignal | undefined;
  /** Throws (TrainingDivergedError) when a step's loss is not finite; the step is then not applied. */
  readonly checkLoss: (epoch: number, loss: number) => void;
}

export function isFullBatch(batchSize: number | 'full', count: number): boolean {
  return batchSize === 'full' || batchSize >= count;
}

/** Training on this thread alone: each step's gradients go straight from the tape to the optimizer. */
export class LocalEngine implements Engine {
  private readonly replica: Replica;
  private readonly fullBatch: boolean;

  constructor(private readonly options: EngineOptions) {
    const { model, parameters, loss, train, batchSize } = options;
    this.fullBatch = isFullBatch(batchSize, train.labels.length);
    const source = this.fullBatch ? null : batchSource(train.x.dataSync() as Float32Array, train);
    this.replica = new Replica(model, parameters, loss, 0, 1, train, source, train.labels.length);
  }

  async epoch(epoch: number, wantCorrect: boolean): Promise<EpochResult | undefined> {
    if (this.fullBatch) {
      const result = this.replica.fullBatchStep(epoch - 1, wantCorrect);
      this.apply(epoch, result.loss, result.grads);
      return { loss: result.loss, correct: result.correct };
    }
    const batches = minibatches(this.options, epoch);
    let total = 0;
    for (const { indices, stepIndex } of batches) {
      if (this.options.signal?.aborted) return undefined;
      const result = this.replica.minibatchStep(indices, stepIndex);
      this.apply(epoch, result.loss, result.grads);
      total += result.loss;
    }
    return { loss: total / batches.length, correct: 0 };
  }

  async trainCorrect(): Promise<number> {
    return this.replica.correctOnShard();
  }

  async dispose(): Promise<void> {
    this.replica.dispose();
  }

  private apply(epoch: number, loss: number, grads: T.Tensor[]): void {
    try {
      this.options.checkLoss(epoch, loss);
      this.options.optimizer.step(this.options.parameters, grads);
    } finally {
      T.dispose(grads);
    }
  }
}

/** The minibatches of an epoch in its seeded order, with their global step indices. */
export function minibatches(
  options: Pick<EngineOptions, 'batchSize' | 'seed' | 'train'>,
  epoch: number,
): { indices: Int32Array; stepIndex: number }[] {
  const count = options.train.labels.length;
  const size = options.batchSize as number;
  const order = epochPermutation(count, options.seed, epoch);
  const stepsPerEpoch = Math.ceil(count / size);
  const batches: { indices: Int32Array; stepIndex: number }[] = [];
  for (let start = 0, step = 0; start < count; start += size, step++) {
    batches.push({
      indices: order.subarray(start, Math.min(start + size, count)),
      stepIndex: (epoch - 1) * stepsPerEpoch + step,
    });
  }
  return batches;
}

/** The training set's values as a minibatch source. */
export function batchSource(values: Float32Array, train: Examples): BatchSource {
  return {
    values,
    labels: train.labels,
    exampleShape: train.x.shape.slice(1),
    classes: train.oneHot.shape[1] as number,
  };
}
