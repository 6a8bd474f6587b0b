import * as A from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import { Dense } from '../layers/dense.js';
import type { Layer } from '../layers/layer.js';
import { Sequential } from '../layers/sequential.js';
import type { LossFunction } from '../losses.js';
import { predictClasses } from '../metrics.js';
import { partOf } from './protocol.js';

// Rows per forward pass when evaluating the training set: large enough for efficient products,
// small enough that each activation stays within ACTIVATION_VALUES (32 MB): 4096 rows for the MLPs,
// about 400 for cnn2, whose first activation is 20,736 values per example (at 4096 rows the 2 threads
// of its fast recipe peaked at 2.8 GB).
const EVAL_CHUNK = 4096;
const ACTIVATION_VALUES = 8 * 2 ** 20;

/** Evaluation rows per forward pass for `model`: EVAL_CHUNK, fewer for large activations. */
function evaluationChunk(model: Layer): number {
  if (!(model instanceof Sequential)) return EVAL_CHUNK;
  let shape = model.inputShape;
  let largest = shape.reduce((a, b) => a * b, 1);
  for (const layer of model.layers) {
    shape = layer.outputShape(shape);
    largest = Math.max(
      largest,
      shape.reduce((a, b) => a * b, 1),
    );
  }
  return Math.max(64, Math.min(EVAL_CHUNK, Math.floor(ACTIVATION_VALUES / largest)));
}

/** Examples with their one-hot labels and class labels. */
export interface Examples {
  readonly x: T.Tensor;
  readonly oneHot: T.Tensor;
  readonly labels: Int32Array;
}

/**
 * The training set as plain arrays, from which minibatches are copied row by row: on wasm, copying
 * rows in JavaScript and uploading the batch is about 30x faster than the `gather` kernel (3.6 ms for
 * 128 rows of 1296 pixels), which was a third of a minibatch step.
 */
export interface BatchSource {
  /** [n, ...exampleShape] in C order. */
  readonly values: Float32Array;
  readonly labels: Int32Array;
  readonly exampleShape: readonly number[];
  readonly classes: number;
}

/** One gradient computation: the loss (scaled by this part's share of the batch) and the gradients. */
export interface StepResult {
  readonly loss: number;
  /** One per parameter, the caller's to dispose. */
  readonly grads: T.Tensor[];
  /** Correct predictions of the forward pass, when asked for (else 0). */
  readonly correct: number;
}

/**
 * One participant of data-parallel training (or the only one): a model and its part of the data.
 * Participant k of N owns the rows partOf(k, N, n) of the training set (its shard) and, for
 * minibatches, part k of each batch. Its loss is its part's mean scaled by the part's share of the
 * batch, so the participants' gradients add up to the gradient of the whole batch's mean loss.
 */
export class Replica {
  private readonly constant: A.ConstantInput | undefined;
  private readonly exampleSize: number;
  /** Rows per forward pass when evaluating: the model's layers do not change, so worked out once. */
  private readonly evaluationRows: number;
  private batchValues = new Float32Array(0);
  private batchLabels = new Float32Array(0);

  constructor(
    readonly model: Layer,
    readonly parameters: readonly A.Variable[],
    private readonly loss: LossFunction,
    readonly index: number,
    readonly participants: number,
    /**
     * This participant's rows of the training set as tensors (the whole set for a single
     * participant); null when minibatches are trained and evaluated from `all` alone.
     */
    readonly shard: Examples | null,
    /** The whole training set, for minibatches (null when training on the full batch only). */
    private readonly all: BatchSource | null,
    /** Examples in the whole training set. */
    private readonly total: number,
  ) {
    // Full batch: the shard is the first Dense layer's input at every step, prepared once (kept
    // sparse when it is mostly zeros, else transposed: see constantInput).
    const first = model instanceof Sequential ? model.layers[0] : model;
    this.constant = all === null && shard !== null && first instanceof Dense ? A.constantInput(shard.x) : undefined;
    const exampleShape = all?.exampleShape ?? shard?.x.shape.slice(1) ?? [];
    this.exampleSize = exampleShape.reduce((n, d) => n * d, 1);
    this.evaluationRows = evaluationChunk(model);
  }

  /** A gradient step on the whole shard (full-batch training). */
  fullBatchStep(stepIndex: number, wantCorrect: boolean): StepResult {
    if (this.shard === null) throw new T.TypeflowError('Replica: full-batch step on a replica without its shard');
    return this.gradients(
      this.shard.x,
      this.shard.oneHot,
      this.shard.labels,
      this.shard.labels.length / this.total,
      stepIndex,
      wantCorrect,
    );
  }

  /** A gradient step on this participant's part of a minibatch given by example indices. */
  minibatchStep(batch: Int32Array, stepIndex: number): StepResult {
    if (this.all === null) throw new T.TypeflowError('Replica: minibatch step on a replica holding only its shard');
    const { start, end } = partOf(this.index, this.participants, batch.length);
    if (start === end) return { loss: 0, grads: this.parameters.map((p) => T.zeros(p.shape)), correct: 0 };
    const [x, y] = this.copyRows(this.all, batch.subarray(start, end));
    try {
      return this.gradients(x, y, null, (end - start) / batch.length, stepIndex, false);
    } finally {
      T.dispose([x, y]);
    }
  }

  /** The examples at `rows` and their one-hot labels, copied into buffers reused from step to step. */
  private copyRows(all: BatchSource, rows: Int32Array): [T.Tensor, T.Tensor] {
    const size = this.exampleSize;
    const count = rows.length;
    if (this.batchValues.length < count * size) this.batchValues = new Float32Array(count * size);
    if (this.batchLabels.length < count * all.classes) this.batchLabels = new Float32Array(count * all.classes);
    const values = this.batchValues.subarray(0, count * size);
    const oneHot = this.batchLabels.subarray(0, count * all.classes);
    oneHot.fill(0);
    rows.forEach((row, i) => {
      values.set(all.values.subarray(row * size, (row + 1) * size), i * size);
      oneHot[i * all.classes + (all.labels[row] as number)] = 1;
    });
    // Both backends copy the values into the new tensor (wasm into its heap, cpu's write keeps
    // them only until the step's tensors are released), so the buffers can be refilled next step.
    return [T.tensor(values, [count, ...all.exampleShape]), T.tensor(oneHot, [count, all.classes])];
  }

  /** Correct predictions on the shard with the current weights (inference mode). */
  correctOnShard(): number {
    const chunk = this.evaluationRows;
    if (this.shard !== null) return this.correctOnTensor(this.shard, chunk);
    // From the shared examples in chunks: no second copy of a large (augmented) training set.
    const all = this.all as BatchSource;
    const { start, end } = partOf(this.index, this.participants, this.total);
    let correct = 0;
    for (let from = start; from < end; from += chunk) {
      const to = Math.min(from + chunk, end);
      const x = T.tensor(all.values.subarray(from * this.exampleSize, to * this.exampleSize), [
        to - from,
        ...all.exampleShape,
      ]);
      const predicted = predictClasses(this.model, x);
      x.dispose();
      correct += countCorrect(predicted, all.labels.subarray(from, to));
    }
    return correct;
  }

  dispose(): void {
    this.constant?.dispose();
  }

  /** Correct predictions on `examples`, `chunk` rows per forward pass. */
  private correctOnTensor({ x, labels }: Examples, chunk: number): number {
    if (labels.length <= chunk) return countCorrect(predictClasses(this.model, x), labels);
    const [, ...exampleShape] = x.shape;
    let correct = 0;
    for (let from = 0; from < labels.length; from += chunk) {
      const to = Math.min(from + chunk, labels.length);
      const rows = T.slice(x, [from, ...exampleShape.map(() => 0)], [to - from, ...exampleShape]);
      const predicted = predictClasses(this.model, rows);
      rows.dispose();
      correct += countCorrect(predicted, labels.subarray(from, to));
    }
    return correct;
  }

  private gradients(
    x: T.Tensor,
    y: T.Tensor,
    labels: Int32Array | null,
    share: number,
    stepIndex: number,
    wantCorrect: boolean,
  ): StepResult {
    let predicted: T.Tensor | undefined;
    // Dropout seeds its mask with the step: participant k of N uses step * N + k, so shards draw
    // different masks (and a single participant draws the step's own).
    const step = stepIndex * this.participants + this.index;
    const { value, grads } = A.variableGrads(() => {
      const logits = this.model.forward(x, { training: true, step });
      if (wantCorrect) predicted = T.keep(T.argmax(logits));
      const loss = this.loss(logits, y);
      return share === 1 ? loss : A.mul(loss, share);
    }, this.parameters);
    let correct = 0;
    if (predicted !== undefined) {
      correct = countCorrect(predicted.dataSync() as Int32Array, labels ?? new Int32Array(0));
      predicted.dispose();
    }
    const loss = value.item();
    value.dispose();
    return { loss, grads, correct };
  }
}

export function countCorrect(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct;
}
