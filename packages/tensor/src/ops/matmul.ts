import * as tf from '@tensorflow/tfjs-core';
import { refuse, ShapeError } from '../errors.js';
import { formatShape } from '../format.js';
import { type Tensor, wrap } from '../tensor.js';
import { assertFloat, assertRank, assertTensor } from '../validate.js';

export interface MatmulOptions {
  /** Multiply by the transpose of `a`. On wasm this leaves XNNPACK for a slow loop: prefer plain. */
  readonly transposeA?: boolean;
  /** Multiply by the transpose of `b`. Same caveat as `transposeA`. */
  readonly transposeB?: boolean;
}

/** The matrix product of two float32 matrices: [m, k] x [k, n] -> [m, n]. */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  assertTensor(a, 'matmul', 'a');
  assertTensor(b, 'matmul', 'b');
  assertFloat(a, 'matmul', 'a');
  assertFloat(b, 'matmul', 'b');
  assertRank(a, 2, 'matmul', 'a');
  assertRank(b, 2, 'matmul', 'b');
  const { transposeA = false, transposeB = false } = options;
  const inner = transposeA ? a.shape[0] : a.shape[1];
  const bInner = transposeB ? b.shape[1] : b.shape[0];
  if (inner !== bInner) {
    const expected = transposeB ? `[*, ${inner}]` : `[${inner}, *]`;
    refuse(ShapeError, 'matmul', 'b', `shape ${expected} to match a ${formatShape(a.shape)}`, formatShape(b.shape));
  }
  return wrap(tf.matMul(a.handle, b.handle, transposeA, transposeB));
}
