import { argmax, describeValue, refuse, scope, slice, type Tensor, ValueError } from '@typeflow/tensor';
import type { Layer } from './layers/layer.js';
import { Sequential } from './layers/sequential.js';

/** The fraction (0..1) of predictions equal to their labels. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  const correct = countCorrect(predicted, labels);
  return labels.length === 0 ? Number.NaN : correct / labels.length;
}

/** Counts of (true class, predicted class) pairs: rows = true class, columns = predicted. */
export function confusionMatrix(predicted: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number[][] {
  checkLengths('confusionMatrix', predicted, labels);
  if (!Number.isInteger(classes) || classes <= 0)
    refuse(ValueError, 'confusionMatrix', 'classes', 'a positive integer', describeValue(classes));
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = matrix[labels[i] as number];
    const p = predicted[i] as number;
    if (row === undefined || !(p >= 0 && p < classes)) {
      refuse(
        ValueError,
        'confusionMatrix',
        'labels',
        `classes in 0..${classes - 1}`,
        `${labels[i]} -> ${p} at index ${i}`,
      );
    }
    row[p] = (row[p] as number) + 1;
  }
  return matrix;
}

/** How many predictions equal their labels. */
export function countCorrect(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths('countCorrect', predicted, labels);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct;
}

/**
 * The model's predicted class (argmax of its output) for each example of `x`, in inference mode. A
 * large `x` goes through in chunks of `evaluationRows(model)` rows, so memory stays bounded.
 */
export function predictClasses(model: Layer, x: Tensor): Int32Array {
  const [count = 0, ...exampleShape] = x.shape;
  const chunk = evaluationRows(model);
  if (count <= chunk) return predictAll(model, x);
  const predicted = new Int32Array(count);
  for (let from = 0; from < count; from += chunk) {
    const rows = slice(x, [from, ...exampleShape.map(() => 0)], [Math.min(chunk, count - from), ...exampleShape]);
    predicted.set(predictAll(model, rows), from);
    rows.dispose();
  }
  return predicted;
}

function predictAll(model: Layer, x: Tensor): Int32Array {
  const classes = scope(() => argmax(model.forward(x)));
  const values = classes.dataSync() as Int32Array;
  classes.dispose();
  return values;
}

// Rows per forward pass when predicting: large enough for efficient products, small enough that each
// activation stays within ACTIVATION_VALUES (32 MB): 4096 rows for the MLPs, about 400 for cnn2, whose
// first activation is 20,736 values per example (at 4096 rows its fast recipe's 2 threads peaked at 2.8 GB).
const EVALUATION_ROWS = 4096;
const ACTIVATION_VALUES = 8 * 2 ** 20;

/** Rows per forward pass of `predictClasses` for `model`: EVALUATION_ROWS, fewer for large activations. */
export function evaluationRows(model: Layer): number {
  if (!(model instanceof Sequential)) return EVALUATION_ROWS;
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  let shape = model.inputShape;
  let largest = size(shape);
  for (const layer of model.layers) {
    shape = layer.outputShape(shape);
    largest = Math.max(largest, size(shape));
  }
  return Math.max(64, Math.min(EVALUATION_ROWS, Math.floor(ACTIVATION_VALUES / largest)));
}

function checkLengths(op: string, predicted: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (predicted.length !== labels.length) {
    refuse(ValueError, op, 'labels', `${predicted.length} labels, one per prediction`, String(labels.length));
  }
}
