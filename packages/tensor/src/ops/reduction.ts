import * as tf from '@tensorflow/tfjs-core';
import { type Tensor, wrap } from '../tensor.js';
import { assertDType, assertFloat, assertTensor, normalizeAxes, normalizeAxis } from '../validate.js';

/** Which axes to reduce: one, several, or all when left out. */
export type Axis = number | readonly number[];

export interface ReduceOptions {
  /** Keep reduced axes as size 1, so the result broadcasts against the input. */
  readonly keepDims?: boolean;
}

type Kernel = (x: tf.Tensor, axis: number[], keepDims: boolean) => tf.Tensor;

function reduce(op: string, kernel: Kernel, x: Tensor, axis: Axis | undefined, options: ReduceOptions): Tensor {
  assertTensor(x, op, 'x');
  assertDType(x, ['float32', 'int32'], op, 'x');
  const axes = normalizeAxes(axis, x.rank, op);
  return wrap(kernel(x.handle, axes, options.keepDims ?? false));
}

/** The sum over `axis` (all axes when left out). */
export function sum(x: Tensor, axis?: Axis, options: ReduceOptions = {}): Tensor {
  return reduce('sum', tf.sum, x, axis, options);
}

/** The mean over `axis` (all axes when left out). */
export function mean(x: Tensor, axis?: Axis, options: ReduceOptions = {}): Tensor {
  assertTensor(x, 'mean', 'x');
  assertFloat(x, 'mean', 'x');
  return reduce('mean', tf.mean, x, axis, options);
}

/** The largest value over `axis` (all axes when left out). */
export function max(x: Tensor, axis?: Axis, options: ReduceOptions = {}): Tensor {
  return reduce('max', tf.max, x, axis, options);
}

/** The smallest value over `axis` (all axes when left out). */
export function min(x: Tensor, axis?: Axis, options: ReduceOptions = {}): Tensor {
  return reduce('min', tf.min, x, axis, options);
}

/** The index of the largest value along one axis (default the last), as int32. Ties take the first. */
export function argmax(x: Tensor, axis = -1): Tensor {
  assertTensor(x, 'argmax', 'x');
  assertDType(x, ['float32', 'int32'], 'argmax', 'x');
  return wrap(tf.argMax(x.handle, normalizeAxis(axis, x.rank, 'argmax')));
}
