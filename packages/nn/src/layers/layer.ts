import type { Variable } from '@typeflow/autograd';
import type { Shape, Tensor } from '@typeflow/tensor';

export interface ForwardOptions {
  /** Training mode: layers such as Dropout behave differently while training. Default false. */
  readonly training?: boolean;
  /** The training step (0, 1, 2, ...): seeds per-step randomness such as Dropout's masks. */
  readonly step?: number;
}

/**
 * A layer is a plain object: `forward` computes its output from a batch (first axis = examples),
 * `parameters` lists its trainable variables, `outputShape` maps one example's shape to its output
 * shape and throws a ShapeError when the input does not fit (so a model's layers are checked to chain
 * before any data flows).
 */
export interface Layer {
  readonly name: string;
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  parameters(): Variable[];
  outputShape(inputShape: Shape): Shape;
}
