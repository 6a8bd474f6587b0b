import * as A from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import type { Layer } from './layers/layer.js';
import { type LossFunction, type LossName, lossFunction } from './losses.js';
import type { Optimizer } from './optimizers/optimizer.js';

export interface GradientOptions {
  readonly loss: LossName | LossFunction;
  /** The step's index in the run (0, 1, 2, ...): seeds its randomness (Dropout's masks). Default 0. */
  readonly step?: number;
  /**
   * `x` prepared by autograd's `constantInput` when the same x comes at every step (a full batch), or
   * x as rows of a training set kept sparse (`A.InputRows`, a minibatch).
   */
  readonly constantInput?: A.ConstantInput | A.InputRows;
}

export interface TrainStepOptions extends GradientOptions {
  readonly optimizer: Optimizer;
}

export interface StepResult {
  /** The batch's loss before the step. */
  readonly loss: number;
  /** Each example's predicted class (argmax of the logits) in the step's forward pass, before the update. */
  readonly predicted: Int32Array;
}

export interface Gradients extends StepResult {
  /** The loss's gradient for each of `model.parameters()`, in order: the caller's to dispose. */
  readonly grads: T.Tensor[];
}

// #region trainStep
/**
 * One step of gradient descent on a batch: forward pass, loss, gradients, one optimizer update.
 * `labels` are one-hot [n, classes], as the losses take them. Synchronous; every intermediate tensor
 * is released. A step whose loss is NaN or infinite is not applied (the weights stay finite): the
 * caller sees the loss and decides (`fit` stops with a `TrainingDivergedError`).
 */
export function trainStep(model: Layer, x: T.Tensor, labels: T.Tensor, options: TrainStepOptions): StepResult {
  const { loss, grads, predicted } = gradients(model, x, labels, options);
  try {
    if (Number.isFinite(loss)) options.optimizer.step(model.parameters(), grads);
  } finally {
    T.dispose(grads);
  }
  return { loss, predicted };
}

/** The loss of `model` on (x, labels) and its gradient for every parameter: the half of a step before the update. */
export function gradients(model: Layer, x: T.Tensor, labels: T.Tensor, options: GradientOptions): Gradients {
  const lossOf = typeof options.loss === 'function' ? options.loss : lossFunction(options.loss);
  const forward = { training: true, step: options.step ?? 0, constantInput: options.constantInput };
  let classes: T.Tensor | undefined;
  const { value, grads } = A.variableGrads(() => {
    const logits = model.forward(x, forward);
    classes = T.keep(T.argmax(logits));
    return lossOf(logits, labels);
  }, model.parameters());
  const loss = value.item();
  const predicted = (classes as T.Tensor).dataSync() as Int32Array;
  T.dispose([value, classes]);
  return { loss, grads, predicted };
}
// #endregion trainStep
