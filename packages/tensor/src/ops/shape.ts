import * as tf from '@tensorflow/tfjs-core';
import { DTypeError, refuse, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../format.js';
import { type Tensor, wrap } from '../tensor.js';
import type { Shape } from '../types.js';
import { assertDType, assertTensor, describeValue, normalizeAxis, sizeOf } from '../validate.js';

/** The same values in a new shape of the same size; one dimension may be -1 (inferred). */
export function reshape(x: Tensor, shape: Shape): Tensor {
  assertTensor(x, 'reshape', 'x');
  const inferred = shape.filter((d) => d === -1).length;
  const valid = Array.isArray(shape) && inferred <= 1 && shape.every((d) => Number.isInteger(d) && d >= -1);
  if (!valid) refuse(ShapeError, 'reshape', 'shape', 'non-negative integers with at most one -1', describeValue(shape));
  const known = sizeOf(shape.filter((d) => d !== -1));
  const fits = inferred === 1 ? known > 0 && x.size % known === 0 : known === x.size;
  if (!fits) {
    refuse(
      ShapeError,
      'reshape',
      'shape',
      `a shape of ${x.size} elements (from ${formatShape(x.shape)})`,
      formatShape(shape),
    );
  }
  return wrap(tf.reshape(x.handle, [...shape]));
}

/** Permutes the axes; reverses them when `perm` is left out (a matrix transpose for rank 2). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  assertTensor(x, 'transpose', 'x');
  if (perm !== undefined) {
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== x.rank || sorted.some((p, i) => p !== i)) {
      refuse(ValueError, 'transpose', 'perm', `a permutation of 0..${x.rank - 1}`, describeValue(perm));
    }
  }
  return wrap(tf.transpose(x.handle, perm ? [...perm] : undefined));
}

/** The block starting at `begin` with `size` (-1 = to the end) in each dimension. */
export function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  assertTensor(x, 'slice', 'x');
  if (begin.length !== x.rank || size.length !== x.rank) {
    refuse(
      ShapeError,
      'slice',
      'begin',
      `${x.rank} begins and sizes for ${formatShape(x.shape)}`,
      `${describeValue(begin)} and ${describeValue(size)}`,
    );
  }
  x.shape.forEach((dim, i) => {
    const b = begin[i] as number;
    const s = size[i] === -1 ? dim - b : (size[i] as number);
    if (!Number.isInteger(b) || !Number.isInteger(s) || b < 0 || s < 0 || b + s > dim) {
      refuse(
        ValueError,
        'slice',
        'size',
        `a block inside ${formatShape(x.shape)}`,
        `begin ${describeValue(begin)}, size ${describeValue(size)}`,
      );
    }
  });
  return wrap(tf.slice(x.handle, [...begin], [...size]));
}

/** Joins tensors of equal shape except along `axis`. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    refuse(ValueError, 'concat', 'tensors', 'a non-empty array of tensors', describeValue(tensors));
  const first = tensors[0] as Tensor;
  assertTensor(first, 'concat', 'tensors[0]');
  const ax = normalizeAxis(axis, first.rank, 'concat');
  tensors.forEach((t, i) => {
    assertTensor(t, 'concat', `tensors[${i}]`);
    if (t.dtype !== first.dtype)
      refuse(DTypeError, 'concat', `tensors[${i}]`, `dtype ${first.dtype}`, `dtype ${t.dtype}`);
    const same = t.rank === first.rank && t.shape.every((d, j) => j === ax || d === first.shape[j]);
    if (!same)
      refuse(
        ShapeError,
        'concat',
        `tensors[${i}]`,
        `shape ${formatShape(first.shape)} except axis ${ax}`,
        formatShape(t.shape),
      );
  });
  return wrap(
    tf.concat(
      tensors.map((t) => t.handle),
      ax,
    ),
  );
}

/** Pads each dimension with `[before, after]` copies of `value`. */
export function pad(x: Tensor, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  assertTensor(x, 'pad', 'x');
  const valid =
    Array.isArray(paddings) &&
    paddings.length === x.rank &&
    paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!valid)
    refuse(ValueError, 'pad', 'paddings', `${x.rank} pairs of non-negative integers`, describeValue(paddings));
  return wrap(
    tf.pad(
      x.handle,
      paddings.map((p) => [p[0], p[1]] as [number, number]),
      value,
    ),
  );
}

/** Repeats `x` along its size-1 (or missing leading) dimensions to reach `shape`. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  assertTensor(x, 'broadcastTo', 'x');
  const offset = shape.length - x.rank;
  const fits = offset >= 0 && x.shape.every((d, i) => d === 1 || d === shape[offset + i]);
  if (!fits)
    refuse(
      ShapeError,
      'broadcastTo',
      'shape',
      `a shape that ${formatShape(x.shape)} broadcasts to`,
      formatShape(shape),
    );
  return wrap(tf.broadcastTo(x.handle, [...shape]));
}

/** The slices of `x` at `indices` (int32) along `axis`: e.g. a minibatch of rows. */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  assertTensor(x, 'gather', 'x');
  assertTensor(indices, 'gather', 'indices');
  assertDType(indices, ['int32'], 'gather', 'indices');
  const ax = normalizeAxis(axis, x.rank, 'gather');
  return wrap(tf.gather(x.handle, indices.handle, ax));
}
