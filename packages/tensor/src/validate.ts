import { DTypeError, refuse, ShapeError, TypeflowError, ValueError } from './errors.js';
import { formatShape } from './format.js';
import { Tensor } from './tensor.js';
import type { DType, Shape } from './types.js';

/** Refuses anything that is not a live typeflow Tensor. */
export function assertTensor(x: unknown, op: string, argument: string): asserts x is Tensor {
  if (!(x instanceof Tensor)) refuse(TypeflowError, op, argument, 'a Tensor', describeValue(x));
  if (x.isDisposed) refuse(TypeflowError, op, argument, 'a live Tensor', 'a disposed Tensor');
}

export function assertDType(x: Tensor, allowed: readonly DType[], op: string, argument: string): void {
  if (!allowed.includes(x.dtype)) refuse(DTypeError, op, argument, `dtype ${allowed.join(' or ')}`, `dtype ${x.dtype}`);
}

export function assertFloat(x: Tensor, op: string, argument: string): void {
  assertDType(x, ['float32'], op, argument);
}

export function assertRank(x: Tensor, rank: number, op: string, argument: string): void {
  if (x.rank !== rank) refuse(ShapeError, op, argument, `rank ${rank}`, `shape ${formatShape(x.shape)}`);
}

export function assertShapeLike(shape: unknown, op: string, argument: string): asserts shape is Shape {
  const valid = Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && (d as number) >= 0);
  if (!valid) refuse(ShapeError, op, argument, 'a shape of non-negative integers', describeValue(shape));
}

export function assertPositiveInteger(value: unknown, op: string, argument: string): asserts value is number {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    refuse(ValueError, op, argument, 'a positive integer', describeValue(value));
  }
}

export function assertFiniteNumber(value: unknown, op: string, argument: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    refuse(ValueError, op, argument, 'a finite number', describeValue(value));
  }
}

/** Resolves a possibly negative axis against `rank`, refusing one out of range. */
export function normalizeAxis(axis: number, rank: number, op: string, argument = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    refuse(ValueError, op, argument, `an integer axis in [${-rank}, ${Math.max(rank - 1, 0)}]`, describeValue(axis));
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves `undefined` (all axes), one axis or a list of axes to sorted, distinct, non-negative axes. */
export function normalizeAxes(axis: number | readonly number[] | undefined, rank: number, op: string): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = (typeof axis === 'number' ? [axis] : [...axis]).map((a) => normalizeAxis(a, rank, op));
  if (new Set(list).size !== list.length) refuse(ValueError, op, 'axis', 'distinct axes', describeValue(axis));
  return list.sort((a, b) => a - b);
}

/** The numpy broadcast of two shapes, or a ShapeError naming both. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      refuse(ShapeError, op, 'b', `a shape that broadcasts with ${formatShape(a)}`, formatShape(b));
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

export function sizeOf(shape: Shape): number {
  return shape.reduce((n, d) => n * d, 1);
}

/**
 * A short description of any value for an error message (`got ...`): the one every typeflow package
 * that depends on tensor uses.
 */
export function describeValue(value: unknown): string {
  if (value instanceof Tensor)
    return `Tensor${formatShape(value.shape)} ${value.dtype}${value.isDisposed ? ' (disposed)' : ''}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return value.length > 8 ? `an array of length ${value.length}` : JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return String(value);
}
