import * as tf from '@tensorflow/tfjs-core';
import { refuse, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../format.js';
import { type Tensor, wrap } from '../tensor.js';
import { assertFloat, assertRank, assertTensor, describe } from '../validate.js';

/** `same` pads so the output keeps ceil(input / stride); `valid` uses only full windows. */
export type Padding = 'same' | 'valid';

export interface Conv2dOptions {
  /** Step between windows, one number for both axes or [rows, cols]. Default 1. */
  readonly strides?: number | readonly [number, number];
  readonly padding?: Padding;
}

export interface PoolOptions {
  /** Window size, one number or [rows, cols]. */
  readonly size: number | readonly [number, number];
  /** Default: the window size (non-overlapping windows). */
  readonly strides?: number | readonly [number, number];
  readonly padding?: Padding;
}

/**
 * 2-D convolution (cross-correlation, as TensorFlow computes it) of images `x` [batch, height,
 * width, inChannels] with `filter` [filterHeight, filterWidth, inChannels, outChannels].
 */
export function conv2d(x: Tensor, filter: Tensor, options: Conv2dOptions = {}): Tensor {
  assertTensor(x, 'conv2d', 'x');
  assertTensor(filter, 'conv2d', 'filter');
  assertFloat(x, 'conv2d', 'x');
  assertFloat(filter, 'conv2d', 'filter');
  assertRank(x, 4, 'conv2d', 'x');
  assertRank(filter, 4, 'conv2d', 'filter');
  const strides = pair(options.strides ?? 1, 'conv2d', 'strides');
  const padding = checkPadding(options.padding ?? 'valid', 'conv2d');
  const [, h, w, c] = x.shape as [number, number, number, number];
  const [fh, fw, fc] = filter.shape as [number, number, number, number];
  if (fc !== c)
    refuse(
      ShapeError,
      'conv2d',
      'filter',
      `shape [*, *, ${c}, *] to match x's ${c} channels`,
      formatShape(filter.shape),
    );
  checkWindow('conv2d', 'filter', [h, w], [fh, fw], padding);
  return wrap(tf.conv2d(x.handle as tf.Tensor4D, filter.handle as tf.Tensor4D, strides, padding));
}

/** The maximum over each window of images `x` [batch, height, width, channels]. */
export function maxPool(x: Tensor, options: PoolOptions): Tensor {
  assertTensor(x, 'maxPool', 'x');
  assertFloat(x, 'maxPool', 'x');
  assertRank(x, 4, 'maxPool', 'x');
  const size = pair(options?.size, 'maxPool', 'size');
  const strides = pair(options.strides ?? size, 'maxPool', 'strides');
  const padding = checkPadding(options.padding ?? 'valid', 'maxPool');
  const [, h, w] = x.shape as [number, number, number, number];
  checkWindow('maxPool', 'size', [h, w], size, padding);
  return wrap(tf.maxPool(x.handle as tf.Tensor4D, size, strides, padding));
}

/** @internal Reads a number-or-pair option of positive integers. */
export function pair(value: unknown, op: string, argument: string): [number, number] {
  const list = typeof value === 'number' ? [value, value] : value;
  const valid = Array.isArray(list) && list.length === 2 && list.every((v) => Number.isInteger(v) && v > 0);
  if (!valid) refuse(ValueError, op, argument, 'a positive integer or a pair of them', describe(value));
  return [list[0], list[1]];
}

function checkPadding(padding: unknown, op: string): Padding {
  if (padding !== 'same' && padding !== 'valid')
    refuse(ValueError, op, 'padding', "'same' or 'valid'", describe(padding));
  return padding;
}

function checkWindow(
  op: string,
  argument: string,
  input: [number, number],
  window: [number, number],
  padding: Padding,
): void {
  if (padding === 'valid' && (window[0] > input[0] || window[1] > input[1])) {
    refuse(
      ShapeError,
      op,
      argument,
      `a window no larger than the input ${formatShape(input)} with 'valid' padding`,
      formatShape(window),
    );
  }
}
