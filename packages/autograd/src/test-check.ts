/**
 * Gradient checks shared by the rule tests. A test writes its function once, over `Ops<X>`, and
 * `checkGradients` runs it three ways: with our ops (the gradients under test), with tfjs ops under
 * `tf.grads` (the reference framework), and with float64 JavaScript ops for central finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as T from '@typeflow/tensor';
import { assertClose, randomValues, seededRandom, type Tolerance } from '@typeflow/tensor/testing';
import { expect } from 'vitest';
import * as A from './index.js';
import { type F64, f64, type Pad, type Pair, ref } from './test-reference.js';

/** The ops a test function may use; the same function runs on our tensors, tfjs and float64. */
export interface Ops<X> {
  add(a: X | number, b: X | number): X;
  sub(a: X | number, b: X | number): X;
  mul(a: X | number, b: X | number): X;
  div(a: X | number, b: X | number): X;
  neg(x: X): X;
  exp(x: X): X;
  log(x: X): X;
  square(x: X): X;
  sigmoid(x: X): X;
  relu(x: X): X;
  matmul(a: X, b: X): X;
  sum(x: X, axis?: number | readonly number[], keepDims?: boolean): X;
  mean(x: X, axis?: number | readonly number[], keepDims?: boolean): X;
  max(x: X, axis?: number | readonly number[], keepDims?: boolean): X;
  softmax(x: X): X;
  logSoftmax(x: X): X;
  reshape(x: X, shape: readonly number[]): X;
  transpose(x: X, perm?: readonly number[]): X;
  conv2d(x: X, filter: X, strides: Pair, padding: Pad): X;
  maxPool(x: X, size: Pair, strides: Pair, padding: Pad): X;
}

export const ours: Ops<T.Tensor> = {
  add: A.add,
  sub: A.sub,
  mul: A.mul,
  div: A.div,
  neg: A.neg,
  exp: A.exp,
  log: A.log,
  square: A.square,
  sigmoid: A.sigmoid,
  relu: A.relu,
  matmul: A.matmul,
  sum: (x, axis, keepDims) => A.sum(x, axis, { keepDims }),
  mean: (x, axis, keepDims) => A.mean(x, axis, { keepDims }),
  max: (x, axis, keepDims) => A.max(x, axis, { keepDims }),
  softmax: (x) => A.softmax(x),
  logSoftmax: (x) => A.logSoftmax(x),
  reshape: A.reshape,
  transpose: A.transpose,
  conv2d: (x, filter, strides, padding) => A.conv2d(x, filter, { strides, padding }),
  maxPool: (x, size, strides, padding) => A.maxPool(x, { size, strides, padding }),
};

const axes = (axis: number | readonly number[] | undefined) => (typeof axis === 'object' ? [...axis] : axis);

export const tfjs: Ops<tf.Tensor> = {
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  neg: (x) => tf.neg(x),
  exp: (x) => tf.exp(x),
  log: (x) => tf.log(x),
  square: (x) => tf.square(x),
  sigmoid: (x) => tf.sigmoid(x),
  relu: (x) => tf.relu(x),
  matmul: (a, b) => tf.matMul(a, b),
  sum: (x, axis, keepDims) => tf.sum(x, axes(axis), keepDims),
  mean: (x, axis, keepDims) => tf.mean(x, axes(axis), keepDims),
  max: (x, axis, keepDims) => tf.max(x, axes(axis), keepDims),
  softmax: (x) => tf.softmax(x),
  logSoftmax: (x) => tf.logSoftmax(x),
  reshape: (x, shape) => tf.reshape(x, [...shape]),
  transpose: (x, perm) => tf.transpose(x, perm && [...perm]),
  conv2d: (x, filter, strides, padding) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, [...strides], padding),
  maxPool: (x, size, strides, padding) => tf.maxPool(x as tf.Tensor4D, [...size], [...strides], padding),
};

export const float64: Ops<F64> = ref;

/** A test function: differentiated inputs first, then constants. Must return a scalar. */
export type TestFunction = <X>(o: Ops<X>, ...args: X[]) => X;

export interface Input {
  readonly shape: readonly number[];
  /** Seeded uniform values in [min, max) (default [-1, 1)), unless `values` are given. */
  readonly seed?: number;
  readonly min?: number;
  readonly max?: number;
  readonly values?: ArrayLike<number>;
}

/**
 * Tolerances as in numpy's allclose, except that `atol` is relative to the largest entry of the
 * reference gradient: float32 cancellation errors scale with the magnitudes summed, not with the
 * (possibly tiny) entry they produce.
 */
export interface GradTolerances {
  /** Ours vs `tf.grads`, both float32. */
  readonly tfjs: Tolerance;
  /** Ours (float32) vs float64 central differences. */
  readonly fd: Tolerance;
}

export interface GradCase {
  readonly f: TestFunction;
  readonly inputs: readonly Input[];
  readonly constants?: readonly Input[];
  readonly tolerance: GradTolerances;
  /** Where `tf.grads` runs; default the backend under test. For tfjs kernel faults on wasm. */
  readonly tfjsBackend?: T.Backend;
  /** How many entries of each input the finite differences check (seeded choice); default all. */
  readonly fdSamples?: number;
}

/**
 * Central differences in float64: (f(x + h) - f(x - h)) / 2h with h = 1e-5 max(1, |x|). The
 * truncation error (h^2 f''' / 6) and the rounding error (1e-16 |f| / h) are both near 1e-11, far
 * below float32's resolution, so the differences stand for the exact derivative here.
 */
function finiteDifferences(c: GradCase, values: Float32Array[]): { index: number[]; fd: number[] }[] {
  const shapes = [...c.inputs, ...(c.constants ?? [])].map((s) => s.shape);
  const base = values.map((v, i) => f64(v, shapes[i] as number[]));
  const evaluate = (args: F64[]) => c.f(float64, ...args).data[0] as number;
  return c.inputs.map((input, k) => {
    const size = (values[k] as Float32Array).length;
    const index = sample(size, c.fdSamples ?? size, 1000 + k);
    const fd = index.map((i) => {
      const x = (base[k] as F64).data[i] as number;
      const h = 1e-5 * Math.max(1, Math.abs(x));
      const at = (v: number) => {
        const data = Float64Array.from((base[k] as F64).data);
        data[i] = v;
        return evaluate(base.map((b, j) => (j === k ? { data, shape: input.shape } : b)));
      };
      return (at(x + h) - at(x - h)) / (2 * h);
    });
    return { index, fd };
  });
}

function sample(size: number, count: number, seed: number): number[] {
  if (count >= size) return Array.from({ length: size }, (_, i) => i);
  const next = seededRandom(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(next() * size));
  return [...chosen].sort((a, b) => a - b);
}

export function valuesOf(input: Input): Float32Array {
  const size = input.shape.reduce((n, d) => n * d, 1);
  if (input.values !== undefined) return Float32Array.from(input.values);
  return randomValues(size, input.seed ?? 1, input.min ?? -1, input.max ?? 1);
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] as number));
  return m;
}

function compare(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>, scale: number, tol: Tolerance) {
  try {
    assertClose(actual, expected, { rtol: tol.rtol ?? 0, atol: (tol.atol ?? 0) * scale });
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message} (atol scaled by ${scale.toExponential(2)})`);
  }
}

const fdCache = new WeakMap<GradCase, { index: number[]; fd: number[] }[]>();

/** The gradients tfjs computes with `tf.grads` for the same function and inputs, on `backend`. */
export async function tfjsGradients(c: GradCase, values: Float32Array[], backend: T.Backend): Promise<Float32Array[]> {
  const current = T.getBackend();
  if (backend !== current) await T.setBackend(backend);
  try {
    const all = [...c.inputs, ...(c.constants ?? [])];
    return tf.tidy(() => {
      const tensors = values.map((v, i) => tf.tensor(v, [...(all[i] as Input).shape]));
      const n = c.inputs.length;
      const g = tf.grads((...xs: tf.Tensor[]) => c.f(tfjs, ...xs, ...tensors.slice(n)));
      return g(tensors.slice(0, n)).map((t) => t.dataSync() as Float32Array);
    });
  } finally {
    if (backend !== current) await T.setBackend(current);
  }
}

/**
 * Checks our gradients of `c.f` on the current backend against `tf.grads` and against float64
 * central differences; checks each gradient's shape and the value against float64.
 */
export async function checkGradients(label: string, c: GradCase): Promise<void> {
  const all = [...c.inputs, ...(c.constants ?? [])];
  const values = all.map(valuesOf);
  const n = c.inputs.length;
  const tensors = values.map((v, i) => T.tensor(v, (all[i] as Input).shape));
  const { value, grads } = A.vjp(() => c.f(ours, ...tensors), tensors.slice(0, n));
  const got = grads.map((g) => g.dataSync());
  for (const [i, g] of grads.entries()) {
    expect(g.shape, `${label}: gradient ${i} shape`).toEqual((c.inputs[i] as Input).shape);
  }
  const ourValue = value.item();
  T.dispose([tensors, value, grads]);

  const shapes = all.map((s) => s.shape);
  const exactValue = c.f(float64, ...values.map((v, i) => f64(v, shapes[i] as number[]))).data[0] as number;
  // The value is often a sum of O(1) terms that cancel (e.g. -0.003 from a dozen terms near 1), so its
  // float32 error scales with the terms, not with the result: the atol scale is at least 1.
  compare(`${label}: value vs float64`, [ourValue], [exactValue], Math.max(Math.abs(exactValue), 1), c.tolerance.fd);

  const reference = await tfjsGradients(c, values, c.tfjsBackend ?? T.getBackend());
  const scales = reference.map(maxAbs);
  reference.forEach((r, i) => {
    compare(
      `${label}: gradient ${i} vs tf.grads`,
      got[i] as ArrayLike<number>,
      r,
      scales[i] as number,
      c.tolerance.tfjs,
    );
  });

  let fd = fdCache.get(c);
  if (fd === undefined) {
    fd = finiteDifferences(c, values);
    fdCache.set(c, fd);
  }
  fd.forEach(({ index, fd: expected }, i) => {
    const actual = index.map((j) => (got[i] as ArrayLike<number>)[j] as number);
    compare(
      `${label}: gradient ${i} vs float64 finite differences`,
      actual,
      expected,
      scales[i] as number,
      c.tolerance.fd,
    );
  });
}
