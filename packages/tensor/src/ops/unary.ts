import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '../tensor.js';
import { wrap } from '../tensor.js';
import { assertFloat, assertTensor } from '../validate.js';

type Kernel = (x: tf.Tensor) => tf.Tensor;

function unary(op: string, kernel: Kernel, x: Tensor, floatOnly: boolean): Tensor {
  assertTensor(x, op, 'x');
  if (floatOnly) assertFloat(x, op, 'x');
  return wrap(kernel(x.handle));
}

export function neg(x: Tensor): Tensor {
  return unary('neg', tf.neg, x, false);
}

export function abs(x: Tensor): Tensor {
  return unary('abs', tf.abs, x, false);
}

export function square(x: Tensor): Tensor {
  return unary('square', tf.square, x, false);
}

export function exp(x: Tensor): Tensor {
  return unary('exp', tf.exp, x, true);
}

/** The natural logarithm (-Infinity at 0, NaN below). */
export function log(x: Tensor): Tensor {
  return unary('log', tf.log, x, true);
}

export function sqrt(x: Tensor): Tensor {
  return unary('sqrt', tf.sqrt, x, true);
}

/** 1 / (1 + e^-x). */
export function sigmoid(x: Tensor): Tensor {
  return unary('sigmoid', tf.sigmoid, x, true);
}

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return unary('relu', tf.relu, x, true);
}

/** 1 where x > 0, else 0 (the derivative of relu), as float32. */
export function step(x: Tensor): Tensor {
  return unary('step', (h) => tf.step(h, 0), x, true);
}
