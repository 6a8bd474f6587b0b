import * as tf from '@tensorflow/tfjs-core';
import { refuse, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../format.js';
import { type Tensor, wrap } from '../tensor.js';
import type { Shape } from '../types.js';
import { assertFloat, assertRank, assertTensor, describeValue } from '../validate.js';
import { maxPoolBackpropOnHeap } from './kernels/max-pool-backprop.js';
import { type Axis1d, type Padding, type Windows, windows } from './window-geometry.js';

export type { Padding } from './window-geometry.js';

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
  // wasm's conv2d returns zeros for 'same' padding when the last window stops short of the input's
  // end (TensorFlow's total padding would be negative, e.g. 9 columns, width 2, stride 3); the same
  // padding given explicitly is computed correctly on both backends (tested).
  const { rows, cols } = windows(x.shape, [fh, fw], strides, padding);
  const explicit: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [rows.before, rows.after],
    [cols.before, cols.after],
    [0, 0],
  ];
  return wrap(tf.conv2d(x.handle as tf.Tensor4D, filter.handle as tf.Tensor4D, strides, explicit));
}

/** The maximum over each window of images `x` [batch, height, width, channels]. */
export function maxPool(x: Tensor, options: PoolOptions): Tensor {
  assertTensor(x, 'maxPool', 'x');
  assertFloat(x, 'maxPool', 'x');
  assertRank(x, 4, 'maxPool', 'x');
  const size = pair(options?.size, 'maxPool', 'size');
  const strides = pair(options?.strides ?? size, 'maxPool', 'strides');
  const padding = checkPadding(options?.padding ?? 'valid', 'maxPool');
  const [, h, w] = x.shape as [number, number, number, number];
  checkWindow('maxPool', 'size', [h, w], size, padding);
  return wrap(tf.maxPool(x.handle as tf.Tensor4D, size, strides, padding));
}

/**
 * The gradient of `conv2d(x, filter, options)` with respect to `x`, given the output gradient `dy`:
 * the transposed convolution of `dy` with `filter`, of shape `inputShape` [batch, height, width,
 * inChannels].
 */
export function conv2dBackpropInput(
  dy: Tensor,
  filter: Tensor,
  inputShape: Shape,
  options: Conv2dOptions = {},
): Tensor {
  const op = 'conv2dBackpropInput';
  assertTensor(dy, op, 'dy');
  assertTensor(filter, op, 'filter');
  assertFloat(dy, op, 'dy');
  assertFloat(filter, op, 'filter');
  assertRank(filter, 4, op, 'filter');
  const shape = imageShape(inputShape, op, 'inputShape');
  const { strides, padding } = convOptions(options, op);
  const [fh, fw, fc, o] = filter.shape as [number, number, number, number];
  if (fc !== shape[3])
    refuse(ShapeError, op, 'filter', `shape [*, *, ${shape[3]}, *] to match inputShape`, formatShape(filter.shape));
  checkWindow(op, 'filter', [shape[1], shape[2]], [fh, fw], padding);
  const geo = windows(shape, [fh, fw], strides, padding);
  expectShape(dy, [shape[0], geo.rows.out, geo.cols.out, o], op, 'dy', 'the conv2d output shape');
  // wasm's Conv2DBackpropInput kernel is a plain loop: the same sum written as a forward conv2d
  // (XNNPACK) is 2-6x faster at the book CNN's sizes. On cpu the kernel is as fast as that route, so
  // it stays (`pnpm --filter @typeflow/autograd bench:conv`).
  if (tf.getBackend() === 'wasm')
    return wrap(tf.tidy(() => backpropInputAsConv(dy.handle as tf.Tensor4D, filter.handle as tf.Tensor4D, geo)));
  return wrap(tf.conv2dTranspose(dy.handle as tf.Tensor4D, filter.handle as tf.Tensor4D, shape, strides, padding));
}

/**
 * The gradient of `conv2d(x, filter, options)` with respect to `filter`, given the output gradient
 * `dy`, of shape `filterShape` [filterHeight, filterWidth, inChannels, outChannels].
 */
export function conv2dBackpropFilter(x: Tensor, dy: Tensor, filterShape: Shape, options: Conv2dOptions = {}): Tensor {
  const op = 'conv2dBackpropFilter';
  assertTensor(x, op, 'x');
  assertTensor(dy, op, 'dy');
  assertFloat(x, op, 'x');
  assertFloat(dy, op, 'dy');
  assertRank(x, 4, op, 'x');
  const [fh, fw, fc, o] = imageShape(filterShape, op, 'filterShape');
  const { strides, padding } = convOptions(options, op);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (fc !== c)
    refuse(ShapeError, op, 'filterShape', `shape [*, *, ${c}, *] to match x's ${c} channels`, formatShape(filterShape));
  checkWindow(op, 'filterShape', [h, w], [fh, fw], padding);
  const geo = windows(x.shape, [fh, fw], strides, padding);
  expectShape(dy, [n, geo.rows.out, geo.cols.out, o], op, 'dy', 'the conv2d output shape');
  // The wasm backend has no Conv2DBackpropFilter kernel, and cpu's is a plain loop 25x slower than
  // these routes, built from forward conv2d and matMul on both backends. (Per-tap slices measured
  // 30-50x slower on wasm, whose slice kernels are slow.) Measured by
  // `pnpm --filter @typeflow/autograd bench:conv`.
  const [xh, dyh] = [x.handle as tf.Tensor4D, dy.handle as tf.Tensor4D];
  if (fh * fw * c <= o) return wrap(tf.tidy(() => backpropFilterByPatches(xh, dyh, geo, [fh, fw, c, o])));
  return wrap(tf.tidy(() => backpropFilterAsConv(xh, dyh, geo)));
}

/**
 * The gradient of `maxPool(x, options)` with respect to `x`, given the output gradient `dy` and the
 * pooled output `y`. Each window's gradient goes to its first maximum in row-major order (as in
 * TensorFlow); padded cells never receive any.
 */
export function maxPoolBackprop(dy: Tensor, x: Tensor, y: Tensor, options: PoolOptions): Tensor {
  const op = 'maxPoolBackprop';
  assertTensor(dy, op, 'dy');
  assertTensor(x, op, 'x');
  assertTensor(y, op, 'y');
  assertFloat(dy, op, 'dy');
  assertFloat(x, op, 'x');
  assertFloat(y, op, 'y');
  assertRank(x, 4, op, 'x');
  const size = pair(options?.size, op, 'size');
  const strides = pair(options?.strides ?? size, op, 'strides');
  const padding = checkPadding(options?.padding ?? 'valid', op);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  checkWindow(op, 'size', [h, w], size, padding);
  const geo = windows(x.shape, size, strides, padding);
  const pooled = [n, geo.rows.out, geo.cols.out, c];
  expectShape(y, pooled, op, 'y', 'the maxPool output shape');
  expectShape(dy, pooled, op, 'dy', 'the maxPool output shape');
  // The wasm MaxPoolGrad (and MaxPoolWithArgmax) kernels start each window's running maximum at
  // FLT_MIN, the smallest positive float, so a window whose values are all negative loses its
  // gradient (tested). On wasm a loop over the backend's heap replaces them (see max-pool-backprop.ts);
  // cpu's kernel is right.
  if (tf.getBackend() === 'wasm') return wrap(maxPoolBackpropOnHeap(dy.handle, x.handle, geo));
  // No public tfjs op wraps this kernel (tfjs's own maxPool gradient calls it internally).
  const inputs = { dy: dy.handle, input: x.handle, output: y.handle };
  return wrap(tf.engine().runKernel('MaxPoolGrad', inputs, { filterSize: size, strides, pad: padding }) as tf.Tensor);
}

/**
 * dx[h] = sum over taps k of dy'[h + before - k] f[k], where dy' is dy with stride - 1 zeros between
 * entries: a stride-1 convolution of dy' (padded by window - 1 - before at the start) with the
 * spatially flipped filter, its in and out channels swapped.
 */
function backpropInputAsConv(dy: tf.Tensor4D, filter: tf.Tensor4D, geo: Windows): tf.Tensor4D {
  const spread = dilate(dy, geo.rows.stride, geo.cols.stride);
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  const pads = (a: Axis1d, spreadSize: number): [number, number] => [
    a.window - 1 - a.before,
    a.input + a.before - spreadSize,
  ];
  return tf.conv2d(spread, flipped, 1, [
    [0, 0],
    pads(geo.rows, spread.shape[1]),
    pads(geo.cols, spread.shape[2]),
    [0, 0],
  ]);
}

/**
 * df[(i, j, c), o] = sum over pixels of patch[(i, j, c)] dy[o]: the patches (every tap of every
 * window, from a convolution with an identity filter) transposed, times dy as a [pixels, out] matrix.
 * Copying the patches costs taps^2 multiply-adds per pixel, the product taps * out: the route is
 * taken when taps <= out (the book cnn2's first layer: 9 taps, 16 filters), where it is 1.5x faster
 * than the route below on wasm (10 against 15 ms on a batch of 128), whose image-sized filter XNNPACK
 * repacks on every call, and on cpu.
 */
function backpropFilterByPatches(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  geo: Windows,
  filterShape: [number, number, number, number],
): tf.Tensor4D {
  const [fh, fw, c, o] = filterShape;
  const taps = fh * fw * c;
  const identity = tf.reshape(tf.eye(taps), [fh, fw, c, taps]) as tf.Tensor4D;
  const patches = tf.conv2d(
    x,
    identity,
    [geo.rows.stride, geo.cols.stride],
    [
      [0, 0],
      [geo.rows.before, geo.rows.after],
      [geo.cols.before, geo.cols.after],
      [0, 0],
    ],
  );
  const columns = tf.transpose(tf.reshape(patches, [-1, taps]));
  return tf.reshape(tf.matMul(columns, tf.reshape(dy, [-1, o])), filterShape);
}

/**
 * df[i, j, c, o] = sum over b, p, q of x[b, p * stride + i - before, q * stride + j - before, c]
 * times dy[b, p, q, o]: a convolution of x (batch moved to the channel axis) with dy (batch as its
 * in-channels), dilated by the stride. Its output may have more rows than the filter (when trailing
 * input is unused); the first ones are the filter's.
 */
function backpropFilterAsConv(x: tf.Tensor4D, dy: tf.Tensor4D, geo: Windows): tf.Tensor4D {
  const xt = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
  const dyt = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
  const full = tf.conv2d(
    xt,
    dyt,
    1,
    [
      [0, 0],
      [geo.rows.before, geo.rows.after],
      [geo.cols.before, geo.cols.after],
      [0, 0],
    ],
    'NHWC',
    [geo.rows.stride, geo.cols.stride],
  );
  const kept = tf.slice(full, [0, 0, 0, 0], [-1, geo.rows.window, geo.cols.window, -1]);
  return tf.transpose(kept, [1, 2, 0, 3]);
}

/** Inserts stride - 1 zeros between neighbouring entries along height and width. */
function dilate(t: tf.Tensor4D, rowStride: number, colStride: number): tf.Tensor4D {
  if (rowStride === 1 && colStride === 1) return t;
  const [n, h, w, c] = t.shape;
  const spaced = tf.pad(tf.reshape(t, [n, h, 1, w, 1, c]), [
    [0, 0],
    [0, 0],
    [0, rowStride - 1],
    [0, 0],
    [0, colStride - 1],
    [0, 0],
  ]);
  const spread = tf.reshape(spaced, [n, h * rowStride, w * colStride, c]) as tf.Tensor4D;
  return tf.slice(spread, [0, 0, 0, 0], [n, (h - 1) * rowStride + 1, (w - 1) * colStride + 1, c]);
}

function convOptions(options: Conv2dOptions, op: string): { strides: [number, number]; padding: Padding } {
  return {
    strides: pair(options?.strides ?? 1, op, 'strides'),
    padding: checkPadding(options?.padding ?? 'valid', op),
  };
}

/** Reads a [batch, height, width, channels]-like shape of four positive integers. */
function imageShape(shape: unknown, op: string, argument: string): [number, number, number, number] {
  const valid = Array.isArray(shape) && shape.length === 4 && shape.every((d) => Number.isInteger(d) && d > 0);
  if (!valid) refuse(ShapeError, op, argument, 'a shape of 4 positive integers', describeValue(shape));
  return [shape[0], shape[1], shape[2], shape[3]];
}

function expectShape(x: Tensor, shape: Shape, op: string, argument: string, what: string): void {
  if (x.rank !== shape.length || x.shape.some((d, i) => d !== shape[i]))
    refuse(ShapeError, op, argument, `shape ${formatShape(shape)} (${what})`, formatShape(x.shape));
}

/** @internal Reads a number-or-pair option of positive integers. */
export function pair(value: unknown, op: string, argument: string): [number, number] {
  const list = typeof value === 'number' ? [value, value] : value;
  const valid = Array.isArray(list) && list.length === 2 && list.every((v) => Number.isInteger(v) && v > 0);
  if (!valid) refuse(ValueError, op, argument, 'a positive integer or a pair of them', describeValue(value));
  return [list[0], list[1]];
}

function checkPadding(padding: unknown, op: string): Padding {
  if (padding !== 'same' && padding !== 'valid')
    refuse(ValueError, op, 'padding', "'same' or 'valid'", describeValue(padding));
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
