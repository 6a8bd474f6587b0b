import * as tf from '@tensorflow/tfjs-core';
import { DTypeError, refuse } from '../errors.js';
import { type Tensor, wrap } from '../tensor.js';
import type { DType } from '../types.js';
import { assertDType, assertTensor, broadcastShapes, describeValue } from '../validate.js';

/** The same values as another dtype (float to int32 truncates toward zero; nonzero to bool is true). */
export function cast(x: Tensor, dtype: DType): Tensor {
  assertTensor(x, 'cast', 'x');
  if (!['float32', 'int32', 'bool'].includes(dtype)) {
    refuse(DTypeError, 'cast', 'dtype', "'float32', 'int32' or 'bool'", describeValue(dtype));
  }
  // The wasm Cast kernel copies values into bool without normalizing (2 stays 2): compare instead.
  if (dtype === 'bool' && x.dtype !== 'bool') return wrap(tf.notEqual(x.handle, 0));
  return wrap(tf.cast(x.handle, dtype));
}

/** Elementwise choice: `a` where `condition` is true, else `b` (all three broadcast together). */
export function where(condition: Tensor, a: Tensor, b: Tensor): Tensor {
  assertTensor(condition, 'where', 'condition');
  assertTensor(a, 'where', 'a');
  assertTensor(b, 'where', 'b');
  assertDType(condition, ['bool'], 'where', 'condition');
  if (a.dtype !== b.dtype) refuse(DTypeError, 'where', 'b', `dtype ${a.dtype} (the dtype of 'a')`, `dtype ${b.dtype}`);
  broadcastShapes(condition.shape, broadcastShapes(a.shape, b.shape, 'where'), 'where');
  return wrap(tf.where(condition.handle, a.handle, b.handle));
}
