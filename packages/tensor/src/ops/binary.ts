import * as tf from '@tensorflow/tfjs-core';
import { DTypeError, refuse } from '../errors.js';
import { Tensor, wrap } from '../tensor.js';
import { assertTensor, broadcastShapes } from '../validate.js';

/** A tensor, or a number that stands for a scalar of the other operand's dtype. */
export type Operand = Tensor | number;

type Kernel = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

function binary(op: string, kernel: Kernel, a: Operand, b: Operand): Tensor {
  const ta = toHandle(a, b, op, 'a');
  const tb = toHandle(b, a, op, 'b');
  try {
    if (ta.dtype !== tb.dtype) {
      refuse(DTypeError, op, 'b', `dtype ${ta.dtype} (the dtype of 'a')`, `dtype ${tb.dtype}`);
    }
    broadcastShapes(ta.shape, tb.shape, op);
    return wrap(kernel(ta, tb));
  } finally {
    // A number operand became a temporary scalar: release it here, even outside a scope.
    if (typeof a === 'number') ta.dispose();
    if (typeof b === 'number') tb.dispose();
  }
}

function toHandle(x: Operand, other: Operand, op: string, argument: string): tf.Tensor {
  if (typeof x === 'number') {
    const dtype = other instanceof Tensor ? other.dtype : 'float32';
    return tf.scalar(x, dtype === 'bool' ? 'float32' : dtype);
  }
  assertTensor(x, op, argument);
  return x.handle;
}

/** a + b, broadcasting as numpy does. */
export function add(a: Operand, b: Operand): Tensor {
  return binary('add', tf.add, a, b);
}

/** a - b, broadcasting. */
export function sub(a: Operand, b: Operand): Tensor {
  return binary('sub', tf.sub, a, b);
}

/** a * b elementwise, broadcasting. */
export function mul(a: Operand, b: Operand): Tensor {
  return binary('mul', tf.mul, a, b);
}

/** a / b elementwise, broadcasting (integer division for int32). */
export function div(a: Operand, b: Operand): Tensor {
  return binary('div', tf.div, a, b);
}

/** The larger of a and b elementwise. */
export function maximum(a: Operand, b: Operand): Tensor {
  return binary('maximum', tf.maximum, a, b);
}

/** The smaller of a and b elementwise. */
export function minimum(a: Operand, b: Operand): Tensor {
  return binary('minimum', tf.minimum, a, b);
}

/** a > b elementwise, as a bool tensor. */
export function greater(a: Operand, b: Operand): Tensor {
  return binary('greater', tf.greater, a, b);
}

/** a == b elementwise, as a bool tensor. */
export function equal(a: Operand, b: Operand): Tensor {
  return binary('equal', tf.equal, a, b);
}
