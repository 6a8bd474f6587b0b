import * as A from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import { Dense } from './layers/dense.js';
import type { Layer } from './layers/layer.js';
import { Sequential } from './layers/sequential.js';
import type { LossFunction, LossName } from './losses.js';
import { countCorrect, evaluationRows, predictClasses } from './metrics.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { trainStep } from './train-step.js';
import { ExampleRows, type TrainingSet } from './training-set.js';

/** What `fit` hands a strategy when a run starts. */
export interface TrainingRun {
  readonly model: Layer;
  readonly train: TrainingSet;
  /** One step per epoch on the whole training set (else minibatches). */
  readonly fullBatch: boolean;
  readonly loss: LossName | LossFunction;
  readonly optimizer: Optimizer;
}

/** The steps of one run, as `fit` calls them. */
export interface Steps {
  /**
   * One step on `rows` of the training set (null: all of them), `index` counting the run's steps from
   * 0: the batch's loss, and how many of its examples the step's forward pass classified correctly
   * (with the weights before the update). A step whose loss is not finite is not applied.
   */
  run(rows: Int32Array | null, index: number): StepCount | Promise<StepCount>;
  /** Correct predictions on the whole training set with the current weights (inference mode). */
  countCorrect(): number | Promise<number>;
  dispose(): void | Promise<void>;
}

export interface StepCount {
  readonly loss: number;
  readonly correct: number;
}

/**
 * How `fit` runs its steps: `oneThread` (the default), or `workerThreads` from `@typeflow/nn/parallel`
 * (Node only), which shares each step with worker threads.
 */
export interface TrainingStrategy {
  start(run: TrainingRun): Steps | Promise<Steps>;
}

// #region oneThread
/** Every step on this thread: `trainStep` on the whole set or on each minibatch's rows. */
export const oneThread: TrainingStrategy = {
  start({ model, train, fullBatch, loss, optimizer }: TrainingRun): Steps {
    // A full batch is the same x at every step: prepared once for the first layer (see constantInput).
    const constantInput = fullBatch && takesDenseInput(model) ? A.constantInput(train.x) : undefined;
    // Minibatches: the training set kept sparse once, when mostly zeros (see sparseTrainingSet), and
    // then never copied densely.
    const sparse = fullBatch ? null : sparseTrainingSet(model, train.x);
    const examples = fullBatch ? undefined : exampleRows(train, sparse === null);
    const standIns = new StandIns();
    return {
      run(rows, index) {
        if (rows === null || examples === undefined) {
          const step = trainStep(model, train.x, train.oneHot, { loss, optimizer, step: index, constantInput });
          return { loss: step.loss, correct: countCorrect(step.predicted, train.labels) };
        }
        const [x, labels, input] = minibatch(examples, sparse, standIns, rows);
        try {
          const step = trainStep(model, x, labels, { loss, optimizer, step: index, constantInput: input });
          return { loss: step.loss, correct: countCorrect(step.predicted, examples.labelsOf(rows)) };
        } finally {
          T.dispose(input === undefined ? [x, labels] : labels);
        }
      },
      countCorrect: () =>
        examples === undefined
          ? countCorrect(predictClasses(model, train.x), train.labels)
          : countCorrectRows(model, examples, sparse, 0, train.labels.length),
      dispose: () => {
        constantInput?.dispose();
        sparse?.dispose();
        standIns.dispose();
      },
    };
  },
};
// #endregion oneThread

/** The training set's rows to copy minibatches from (their values only when `dense`). */
function exampleRows(train: TrainingSet, dense: boolean): ExampleRows {
  const [, ...exampleShape] = train.x.shape;
  let values: Float32Array | null = null;
  if (dense) {
    values = new Float32Array(train.x.size);
    T.readInto(train.x, values); // dataSync would make two temporary copies of a large training set
  }
  return new ExampleRows(values, train.labels, exampleShape, train.oneHot.shape[1] as number);
}

/**
 * The training set in compressed sparse rows, for a model whose first layer is Dense, when mostly
 * zeros (the glyphs, and their shifted copies, are about 10% ink): each minibatch's first-layer
 * products then run on its rows' nonzeros (`A.InputRows`), 5-8x faster than dense ones. Else null.
 */
export function sparseTrainingSet(model: Layer, x: T.Tensor | ExampleRows): T.SparseMatrix | null {
  if (!takesDenseInput(model)) return null;
  if (x instanceof T.Tensor) return x.rank === 2 ? A.sparseRows(x) : null;
  if (x.values === null || x.exampleShape.length !== 1) return null;
  return A.sparseRows(x.values, [x.labels.length, x.exampleSize]);
}

/**
 * A minibatch's input x, one-hot labels and, when the training set is kept sparse, its rows as the
 * first layer's input (`A.InputRows`): x is then a stand-in (zeros of the batch's shape, the same
 * tensor at every step: the caller does not dispose it), since the first Dense layer reads the rows
 * from the sparse matrix, and copying them out densely and uploading them took a tenth of a step.
 */
export function minibatch(
  examples: ExampleRows,
  sparse: T.SparseMatrix | null,
  standIns: StandIns,
  rows: Int32Array,
): [T.Tensor, T.Tensor, A.InputRows | undefined] {
  if (sparse === null) return [...examples.batch(rows), undefined];
  const x = standIns.get([rows.length, examples.exampleSize]);
  return [x, examples.oneHotOf(rows), new A.InputRows(sparse, rows, x)];
}

/** Zero tensors of the shapes asked for, made once each (a run's minibatches come in one or two sizes). */
export class StandIns {
  private readonly made = new Map<string, T.Tensor>();

  get(shape: readonly number[]): T.Tensor {
    const key = shape.join(',');
    let x = this.made.get(key);
    if (x === undefined) {
      x = T.keep(T.zeros(shape));
      this.made.set(key, x);
    }
    return x;
  }

  dispose(): void {
    T.dispose([...this.made.values()]);
    this.made.clear();
  }
}

/**
 * Correct predictions (inference mode) on rows from..to-1 of the training set, in chunks of
 * `evaluationRows`; the first Dense layer on the rows' nonzeros when `sparse` holds them.
 */
export function countCorrectRows(
  model: Layer,
  examples: ExampleRows,
  sparse: T.SparseMatrix | null,
  from: number,
  to: number,
): number {
  const chunk = evaluationRows(model);
  const standIns = new StandIns();
  let correct = 0;
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(start + chunk, to);
    const rows = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const x = sparse === null ? examples.range(start, end) : standIns.get([rows.length, examples.exampleSize]);
    const constantInput = sparse === null ? undefined : new A.InputRows(sparse, rows, x);
    const classes = T.scope(() => T.argmax(model.forward(x, { constantInput })));
    correct += countCorrect(classes.dataSync() as Int32Array, examples.labels.subarray(start, end));
    T.dispose(sparse === null ? [x, classes] : classes);
  }
  standIns.dispose();
  return correct;
}

/** Whether the model's first layer is a Dense layer, the one layer that computes with a constant input. */
export function takesDenseInput(model: Layer): boolean {
  return (model instanceof Sequential ? model.layers[0] : model) instanceof Dense;
}
