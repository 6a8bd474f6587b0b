import * as tf from '@tensorflow/tfjs-core';
import { requireBackend } from '../backend.js';
import { DTypeError, refuse, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../format.js';
import { type Tensor, wrap } from '../tensor.js';
import type { DType, NestedArray, Shape, TensorValues } from '../types.js';
import { assertFiniteNumber, assertShapeLike, describeValue, sizeOf } from '../validate.js';

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

function assertDTypeName(dtype: unknown, op: string): asserts dtype is DType {
  if (!DTYPES.includes(dtype as DType))
    refuse(DTypeError, op, 'dtype', "'float32', 'int32' or 'bool'", describeValue(dtype));
}

/**
 * A tensor from values: nested arrays (shape inferred) or a flat array / typed array with `shape`.
 * The dtype defaults to float32 (bool for nested booleans, int32 for an Int32Array). The tensor owns
 * a copy of the values: writing to the caller's array afterwards does not change it.
 */
export function tensor(values: TensorValues, shape?: Shape, dtype?: DType): Tensor {
  requireBackend('tensor');
  if (dtype !== undefined) assertDTypeName(dtype, 'tensor');
  const flat = ArrayBuffer.isView(values) || isFlatArrayLike(values);
  if (shape !== undefined) {
    assertShapeLike(shape, 'tensor', 'shape');
    const count = flat ? (values as ArrayLike<number>).length : countNested(values as NestedArray);
    if (count !== sizeOf(shape)) {
      refuse(
        ShapeError,
        'tensor',
        'shape',
        `${count} elements to match the values`,
        `${formatShape(shape)} (${sizeOf(shape)} elements)`,
      );
    }
  } else if (!flat) {
    assertRectangular(values as NestedArray);
  }
  const type = dtype ?? inferDType(values);
  const data = ArrayBuffer.isView(values) ? owned(values) : flat ? Array.from(values as ArrayLike<number>) : values;
  return wrap(tf.tensor(data as tf.TensorLike, shape as number[] | undefined, type));
}

/**
 * The typed array a new tensor may keep. The wasm backend copies values into its own heap; the cpu
 * backend keeps the array it is given, so there it gets a copy (a Tensor is immutable, and the
 * caller may reuse its buffer).
 */
function owned(values: ArrayBufferView): ArrayBufferView {
  return tf.getBackend() === 'wasm' ? values : (values as Float32Array).slice();
}

export function scalar(value: number, dtype: DType = 'float32'): Tensor {
  requireBackend('scalar');
  assertDTypeName(dtype, 'scalar');
  return wrap(tf.scalar(value, dtype));
}

export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  return fill(shape, 0, dtype);
}

export function ones(shape: Shape, dtype: DType = 'float32'): Tensor {
  return fill(shape, 1, dtype);
}

export function fill(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  requireBackend('fill');
  assertShapeLike(shape, 'fill', 'shape');
  assertDTypeName(dtype, 'fill');
  if (typeof value !== 'number') refuse(ValueError, 'fill', 'value', 'a number', describeValue(value));
  return wrap(tf.fill([...shape], value, dtype));
}

/** Options of the seeded random creation ops. The seed is required: every draw is reproducible. */
export interface RandomOptions {
  readonly seed: number;
}

/** Options of the normal distributions: the seed, and `mean` (default 0) and `stddev` (default 1). */
export type NormalOptions = RandomOptions & { readonly mean?: number; readonly stddev?: number };

/**
 * Normal samples with `mean` and `stddev`, redrawn when more than 2 standard deviations from the
 * mean (as `tf.truncated_normal` in the book). Same seed, same values.
 */
export function truncatedNormal(shape: Shape, options: NormalOptions): Tensor {
  return normal('truncatedNormal', tf.truncatedNormal, shape, options);
}

/** Normal samples with `mean` and `stddev`. Same seed, same values. */
export function randomNormal(shape: Shape, options: NormalOptions): Tensor {
  return normal('randomNormal', tf.randomNormal, shape, options);
}

type NormalKernel = (shape: number[], mean: number, stddev: number, dtype: 'float32', seed: number) => tf.Tensor;

function normal(op: string, kernel: NormalKernel, shape: Shape, options: NormalOptions): Tensor {
  const { mean = 0, stddev = 1 } = options;
  checkRandom(op, shape, options);
  assertFiniteNumber(mean, op, 'mean');
  assertPositive(stddev, op, 'stddev');
  return wrap(kernel([...shape], mean, stddev, 'float32', seedFor(options.seed)));
}

/** Uniform samples in [min, max). */
export function randomUniform(
  shape: Shape,
  options: RandomOptions & { readonly min?: number; readonly max?: number },
): Tensor {
  const { min = 0, max = 1 } = options;
  checkRandom('randomUniform', shape, options);
  assertFiniteNumber(min, 'randomUniform', 'min');
  assertFiniteNumber(max, 'randomUniform', 'max');
  if (!(max > min)) refuse(ValueError, 'randomUniform', 'max', `a number greater than min (${min})`, String(max));
  return wrap(tf.randomUniform([...shape], min, max, 'float32', seedFor(options.seed)));
}

function checkRandom(op: string, shape: Shape, options: RandomOptions): void {
  requireBackend(op);
  assertShapeLike(shape, op, 'shape');
  if (!Number.isInteger(options?.seed)) refuse(ValueError, op, 'seed', 'an integer seed', describeValue(options?.seed));
}

// tfjs treats a numeric seed of 0 as "no seed" (`seed ? seed : Math.random()`), so seeds are passed
// as strings, which seed its generator (alea) the same way for every value including 0.
function seedFor(seed: number): number {
  return String(seed) as unknown as number;
}

function assertPositive(value: number, op: string, argument: string): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    refuse(ValueError, op, argument, 'a positive finite number', describeValue(value));
  }
}

function isFlatArrayLike(values: TensorValues): boolean {
  return Array.isArray(values) && values.every((v) => typeof v === 'number');
}

function inferDType(values: TensorValues): DType {
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  let first: unknown = values;
  while (Array.isArray(first)) first = first[0];
  return typeof first === 'boolean' ? 'bool' : 'float32';
}

function countNested(values: NestedArray): number {
  return Array.isArray(values) ? values.reduce((n: number, v) => n + countNested(v), 0) : 1;
}

function assertRectangular(values: NestedArray): void {
  const walk = (v: NestedArray, depth: number, dims: number[]): void => {
    if (!Array.isArray(v)) {
      if (depth !== dims.length) refuse(ShapeError, 'tensor', 'values', 'a rectangular nested array', 'a ragged array');
      if (typeof v !== 'number' && typeof v !== 'boolean')
        refuse(ValueError, 'tensor', 'values', 'numbers', describeValue(v));
      return;
    }
    if (dims[depth] !== v.length)
      refuse(ShapeError, 'tensor', 'values', 'a rectangular nested array', 'a ragged array');
    for (const item of v) walk(item, depth + 1, dims);
  };
  const dims: number[] = [];
  // Record the dimensions along the first path before walking, so every leaf knows the expected depth.
  for (let v: NestedArray = values; Array.isArray(v); v = (v as readonly NestedArray[])[0] ?? 0) dims.push(v.length);
  walk(values, 0, dims);
}
