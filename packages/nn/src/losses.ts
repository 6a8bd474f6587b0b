import * as A from '@typeflow/autograd';
import { describeValue, formatShape, refuse, ShapeError, type Tensor, ValueError } from '@typeflow/tensor';

/**
 * The mean over examples of -sum(labels * log softmax(logits)): cross-entropy on logits [n, classes]
 * against one-hot (or soft) labels [n, classes], computed stably.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  checkPair('softmaxCrossEntropy', logits, labels);
  return A.neg(A.mean(A.sum(A.mul(labels, A.logSoftmax(logits)), -1)));
}

/**
 * The book's loss, exactly: its models end in a softmax, and it passes those probabilities (plus
 * 1e-50) as logits to `softmax_cross_entropy_with_logits`, so softmax is applied twice. The loss then
 * lives in [log(1 + (c-1)/e), log(e + c - 1)] and its gradients are small, which is why the book's models
 * learn slowly and their results swing with the random start. 1e-50 rounds to 0 in float32, in the
 * book's TensorFlow as here; it is kept to mirror the book's code.
 */
export function bookCrossEntropy(probabilities: Tensor, labels: Tensor): Tensor {
  checkPair('bookCrossEntropy', probabilities, labels);
  return softmaxCrossEntropy(A.add(probabilities, 1e-50), labels);
}

/** The loss names the trainer and the CLI accept; both take the model's logits. */
export type LossName = 'book' | 'softmax';

/** A loss on the model's logits and one-hot labels. */
export type LossFunction = (logits: Tensor, labels: Tensor) => Tensor;

/** `book`: bookCrossEntropy(softmax(logits)); `softmax`: softmaxCrossEntropy(logits). */
export function lossFunction(name: LossName): LossFunction {
  if (name === 'book') return (logits, labels) => bookCrossEntropy(A.softmax(logits), labels);
  if (name === 'softmax') return softmaxCrossEntropy;
  return refuse(ValueError, 'lossFunction', 'name', "'book' or 'softmax'", describeValue(name));
}

function checkPair(op: string, predictions: Tensor, labels: Tensor): void {
  if (predictions.rank !== 2)
    refuse(ShapeError, op, 'logits', 'shape [examples, classes]', formatShape(predictions.shape));
  if (labels.rank !== 2 || labels.shape[0] !== predictions.shape[0] || labels.shape[1] !== predictions.shape[1]) {
    refuse(
      ShapeError,
      op,
      'labels',
      `shape ${formatShape(predictions.shape)} (one-hot, like the logits)`,
      formatShape(labels.shape),
    );
  }
}
