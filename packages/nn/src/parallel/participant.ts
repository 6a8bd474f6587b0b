import * as A from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import type { Layer } from '../layers/layer.js';
import { type LossFunction, type LossName, lossFunction } from '../losses.js';
import { countCorrect } from '../metrics.js';
import { countCorrectRows, minibatch, StandIns, sparseTrainingSet, takesDenseInput } from '../strategy.js';
import { gradients } from '../train-step.js';
import type { ExampleRows } from '../training-set.js';
import { partOf } from './protocol.js';

/** One participant's part of a step: its loss (scaled by its share of the batch) and gradients. */
export interface PartialStep {
  readonly loss: number;
  /** One per parameter, the caller's to dispose. */
  readonly grads: T.Tensor[];
  /** Correct predictions of the forward pass on this part. */
  readonly correct: number;
}

/** A full batch's part held as tensors for the whole run. */
interface Shard {
  readonly x: T.Tensor;
  readonly oneHot: T.Tensor;
  readonly labels: Int32Array;
  readonly constantInput: A.ConstantInput | undefined;
}

/**
 * Participant k of N in data-parallel training (the coordinating thread is 0, each worker thread one
 * more), with its own copy of the model: it computes the gradients of its part of every batch, the
 * rows partOf(k, N, n) of the full batch or part k of a minibatch. Its loss is its part's mean scaled
 * by the part's share of the batch, so the participants' gradients add up to the whole batch's.
 */
export class Participant {
  private readonly loss: LossFunction;
  /** Full batch: this participant's rows, uploaded once. */
  private readonly shard: Shard | undefined;
  /** Minibatches: the training set in sparse rows, when mostly zeros (see sparseTrainingSet). */
  private readonly sparse: T.SparseMatrix | null;
  private readonly standIns = new StandIns();

  constructor(
    private readonly model: Layer,
    loss: LossName,
    readonly index: number,
    readonly participants: number,
    /** The whole training set (shared memory): minibatch rows are copied from it. */
    private readonly examples: ExampleRows,
    fullBatch: boolean,
  ) {
    this.loss = lossFunction(loss);
    this.shard = fullBatch ? this.makeShard() : undefined;
    this.sparse = fullBatch ? null : sparseTrainingSet(model, examples);
  }

  /** This participant's part of a step on `rows` of the training set (null: the whole set). */
  gradients(rows: Int32Array | null, step: number): PartialStep {
    if (rows === null) {
      const shard = this.shard;
      if (shard === undefined) throw new T.InternalError('Participant: a full-batch step, set up for minibatches');
      const share = shard.labels.length / this.examples.labels.length;
      return this.part(shard.x, shard.oneHot, shard.labels, share, step, shard.constantInput);
    }
    const { start, end } = partOf(this.index, this.participants, rows.length);
    if (start === end) return { loss: 0, grads: this.model.parameters().map((p) => T.zeros(p.shape)), correct: 0 };
    const mine = rows.subarray(start, end);
    const [x, oneHot, input] = minibatch(this.examples, this.sparse, this.standIns, mine);
    try {
      return this.part(x, oneHot, this.examples.labelsOf(mine), mine.length / rows.length, step, input);
    } finally {
      T.dispose(input === undefined ? [x, oneHot] : oneHot);
    }
  }

  /** Correct predictions on this participant's rows of the training set, with the current weights. */
  countCorrect(): number {
    const { start, end } = partOf(this.index, this.participants, this.examples.labels.length);
    // From the shared examples in chunks: no second copy of a large (augmented) training set.
    return countCorrectRows(this.model, this.examples, this.sparse, start, end);
  }

  dispose(): void {
    this.sparse?.dispose();
    this.standIns.dispose();
    if (this.shard === undefined) return;
    this.shard.constantInput?.dispose();
    T.dispose([this.shard.x, this.shard.oneHot]);
  }

  private part(
    x: T.Tensor,
    oneHot: T.Tensor,
    labels: Int32Array,
    share: number,
    step: number,
    constantInput: A.ConstantInput | A.InputRows | undefined,
  ): PartialStep {
    const loss = share === 1 ? this.loss : (logits: T.Tensor, y: T.Tensor) => A.mul(this.loss(logits, y), share);
    // Dropout seeds its mask with the step: participant k of N uses step * N + k, so parts draw
    // different masks.
    const result = gradients(this.model, x, oneHot, {
      loss,
      step: step * this.participants + this.index,
      constantInput,
    });
    return { loss: result.loss, grads: result.grads, correct: countCorrect(result.predicted, labels) };
  }

  private makeShard(): Shard {
    const { start, end } = partOf(this.index, this.participants, this.examples.labels.length);
    const x = this.examples.range(start, end);
    const labels = this.examples.labels.slice(start, end);
    const oneHot = T.scope(() => T.oneHot(T.tensor(labels, [labels.length], 'int32'), this.examples.classes));
    const constantInput = takesDenseInput(this.model) ? A.constantInput(x) : undefined;
    return { x, oneHot, labels, constantInput };
  }
}
