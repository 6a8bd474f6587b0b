import type { ConstantInput, InputRows, Variable } from '@typeflow/autograd';
import type { Shape, Tensor } from '@typeflow/tensor';

export interface ForwardOptions {
  /** Training mode: layers such as Dropout behave differently while training. Default false. */
  readonly training?: boolean;
  /** The training step (0, 1, 2, ...): seeds per-step randomness such as Dropout's masks. */
  readonly step?: number;
  /**
   * The model's input prepared once for many steps (autograd's `constantInput`, made by the trainer
   * for a full batch), or a minibatch's rows of a training set kept sparse (`InputRows`). A layer
   * whose input is that same x may compute with it instead (Dense does).
   */
  readonly constantInput?: ConstantInput | InputRows;
}

/**
 * A layer is a plain object: `forward` computes its output from a batch (first axis = examples),
 * `parameters` lists its trainable variables, `outputShape` maps one example's shape to its output
 * shape and throws a ShapeError when the input does not fit (so a model's layers are checked to chain
 * before any data flows). `differsInTraining` says whether `forward(x, { training: true })` may differ
 * from `forward(x)`: when it does not, the trainer reads the training accuracy from the training
 * step's own forward pass instead of running a second one. A layer that leaves it out is taken to
 * differ (the safe choice: a second forward pass).
 */
export interface Layer {
  readonly name: string;
  readonly differsInTraining?: boolean;
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  parameters(): Variable[];
  outputShape(inputShape: Shape): Shape;
}
