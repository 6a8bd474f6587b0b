import * as tf from '@tensorflow/tfjs-core';
import { type Tensor, wrap } from '../tensor.js';
import type { DType } from '../types.js';
import { assertDType, assertPositiveInteger, assertTensor } from '../validate.js';

/**
 * Rows of `depth` zeros with a one at each label: [n] int32 -> [n, depth] (float32 by default,
 * ready for a loss). A label outside 0..depth-1 gives a row of zeros, as in tfjs and TensorFlow.
 */
export function oneHot(indices: Tensor, depth: number, dtype: DType = 'float32'): Tensor {
  assertTensor(indices, 'oneHot', 'indices');
  assertDType(indices, ['int32'], 'oneHot', 'indices');
  assertPositiveInteger(depth, 'oneHot', 'depth');
  // The wasm OneHot kernel writes integer bits into float32 output (1 reads as 1.4e-45), so the
  // rows are built as int32 and cast.
  return wrap(tf.tidy(() => tf.cast(tf.oneHot(indices.handle, depth, 1, 0, 'int32'), dtype)));
}
