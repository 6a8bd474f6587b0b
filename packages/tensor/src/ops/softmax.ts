import * as tf from '@tensorflow/tfjs-core';
import { refuse, ValueError } from '../errors.js';
import { type Tensor, wrap } from '../tensor.js';
import { assertFloat, assertTensor, normalizeAxis } from '../validate.js';

function checkLastAxis(x: Tensor, axis: number, op: string): void {
  assertTensor(x, op, 'x');
  assertFloat(x, op, 'x');
  if (x.rank === 0) refuse(ValueError, op, 'x', 'a tensor of rank 1 or more', 'a scalar');
  // tfjs computes softmax over the last axis only; other axes would need a transpose around it.
  if (normalizeAxis(axis, x.rank, op) !== x.rank - 1) {
    refuse(ValueError, op, 'axis', `the last axis (-1 or ${x.rank - 1})`, String(axis));
  }
}

/** e^x / sum(e^x) along the last axis, computed stably. */
export function softmax(x: Tensor, axis = -1): Tensor {
  checkLastAxis(x, axis, 'softmax');
  return wrap(tf.softmax(x.handle));
}

/** log(softmax(x)) along the last axis, computed stably (x - max - log(sum(e^(x - max)))). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  checkLastAxis(x, axis, 'logSoftmax');
  return wrap(tf.logSoftmax(x.handle));
}
