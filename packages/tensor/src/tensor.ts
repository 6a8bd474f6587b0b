import type * as tf from '@tensorflow/tfjs-core';
import { refuse, ShapeError } from './errors.js';
import { formatShape } from './format.js';
import type { DType, NestedArray, Shape, TypedArray } from './types.js';

/**
 * An n-dimensional array on the current backend. Immutable: every op returns a new tensor.
 * Release it with `dispose()` or create it inside `scope()`.
 */
export class Tensor {
  /** @internal The tfjs tensor behind this one; never part of the public API. */
  readonly handle: tf.Tensor;

  /** @internal Use `tensor()`, `zeros()` and the other creation ops. */
  constructor(handle: tf.Tensor) {
    this.handle = handle;
  }

  get shape(): Shape {
    return this.handle.shape;
  }

  get dtype(): DType {
    return this.handle.dtype as DType;
  }

  get rank(): number {
    return this.handle.rank;
  }

  /** The number of elements. */
  get size(): number {
    return this.handle.size;
  }

  get isDisposed(): boolean {
    return this.handle.isDisposed;
  }

  /** The values in C order, read synchronously. The returned array is a copy you may modify. */
  dataSync(): TypedArray {
    return this.handle.dataSync().slice() as TypedArray;
  }

  /** The values in C order, read asynchronously. */
  async data(): Promise<TypedArray> {
    return ((await this.handle.data()) as TypedArray).slice() as TypedArray;
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    return this.handle.arraySync() as NestedArray;
  }

  /** A number, for a tensor of one element. */
  item(): number {
    if (this.size !== 1) refuse(ShapeError, 'item', 'tensor', 'one element', formatShape(this.shape));
    return this.handle.dataSync()[0] as number;
  }

  dispose(): void {
    this.handle.dispose();
  }

  toString(): string {
    return `Tensor(shape=[${this.shape.join(', ')}], dtype=${this.dtype})`;
  }
}

/** @internal Wraps a tfjs tensor. */
export function wrap(handle: tf.Tensor): Tensor {
  return new Tensor(handle);
}
