import { argmax, refuse, scope, type Tensor, ValueError } from '@typeflow/tensor';
import type { Layer } from './layers/layer.js';

/** The fraction (0..1) of predictions equal to their labels. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths('accuracy', predicted, labels);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return labels.length === 0 ? Number.NaN : correct / labels.length;
}

/** Counts of (true class, predicted class) pairs: rows = true class, columns = predicted. */
export function confusionMatrix(predicted: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number[][] {
  checkLengths('confusionMatrix', predicted, labels);
  if (!Number.isInteger(classes) || classes <= 0)
    refuse(ValueError, 'confusionMatrix', 'classes', 'a positive integer', String(classes));
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

/** The model's predicted class (argmax of its output) for each example of `x`. */
export function predictClasses(model: Layer, x: Tensor): Int32Array {
  const classes = scope(() => argmax(model.forward(x)));
  const values = classes.dataSync() as Int32Array;
  classes.dispose();
  return values;
}

function checkLengths(op: string, predicted: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (predicted.length !== labels.length) {
    refuse(ValueError, op, 'labels', `${predicted.length} labels, one per prediction`, String(labels.length));
  }
}
