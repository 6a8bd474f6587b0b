import * as tf from '@tensorflow/tfjs-core';
import { refuse, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../format.js';
import { type Tensor, wrap } from '../tensor.js';
import { assertFloat, assertRank, assertTensor, describeValue } from '../validate.js';

/** The activations a fused matmul can apply to its output. */
export type FusedActivation = 'linear' | 'sigmoid' | 'relu';

const ACTIVATIONS: readonly FusedActivation[] = ['linear', 'sigmoid', 'relu'];

export interface FusedMatmulOptions {
  /** Added to every row of the product: shape [n]. */
  readonly bias?: Tensor;
  /** Applied to the biased product. Default 'linear' (none). */
  readonly activation?: FusedActivation;
}

/**
 * activation(a b + bias) in one kernel: [m, k] x [k, n] (+ [n]) -> [m, n]. On wasm the product and
 * the bias run in XNNPACK's fully connected operator and the activation in the same call, so the
 * [m, n] intermediates of a separate add and activation are never written.
 */
export function fusedMatmul(a: Tensor, b: Tensor, options: FusedMatmulOptions = {}): Tensor {
  assertTensor(a, 'fusedMatmul', 'a');
  assertTensor(b, 'fusedMatmul', 'b');
  assertFloat(a, 'fusedMatmul', 'a');
  assertFloat(b, 'fusedMatmul', 'b');
  assertRank(a, 2, 'fusedMatmul', 'a');
  assertRank(b, 2, 'fusedMatmul', 'b');
  const { bias, activation = 'linear' } = options;
  if (a.shape[1] !== b.shape[0]) {
    refuse(
      ShapeError,
      'fusedMatmul',
      'b',
      `shape [${a.shape[1]}, *] to match a ${formatShape(a.shape)}`,
      formatShape(b.shape),
    );
  }
  if (bias !== undefined) {
    assertTensor(bias, 'fusedMatmul', 'bias');
    assertFloat(bias, 'fusedMatmul', 'bias');
    if (bias.rank !== 1 || bias.shape[0] !== b.shape[1]) {
      refuse(ShapeError, 'fusedMatmul', 'bias', `shape [${b.shape[1]}]`, formatShape(bias.shape));
    }
  }
  if (!ACTIVATIONS.includes(activation)) {
    refuse(ValueError, 'fusedMatmul', 'activation', `one of ${ACTIVATIONS.join(', ')}`, describeValue(activation));
  }
  return wrap(
    tf.fused.matMul({
      a: a.handle as tf.Tensor2D,
      b: b.handle as tf.Tensor2D,
      bias: bias?.handle,
      activation,
    }),
  );
}
