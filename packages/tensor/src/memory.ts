import * as tf from '@tensorflow/tfjs-core';
import { TypeflowError } from './errors.js';
import { Tensor } from './tensor.js';

/** Live tensors and the bytes they hold, across the whole process. */
export interface MemoryInfo {
  readonly numTensors: number;
  readonly numBytes: number;
}

export function memory(): MemoryInfo {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

/**
 * Runs `fn` and releases every tensor it created, except the tensors in its result (a tensor,
 * or arrays and plain objects of them). `fn` must be synchronous: never `await` inside a scope.
 */
export function scope<T>(fn: () => T): T {
  let result!: T;
  tf.tidy(() => {
    result = fn();
    if (result instanceof Promise) {
      throw new TypeflowError(
        'scope: the function returned a Promise; scopes must be synchronous (never await inside one)',
        {
          op: 'scope',
          argument: 'fn',
          expected: 'a synchronous function',
          actual: 'an async function',
        },
      );
    }
    return handlesIn(result);
  });
  return result;
}

/** Keeps `x` alive when the scope it was created in ends. Returns `x`. */
export function keep<T extends Tensor>(x: T): T {
  tf.keep(x.handle);
  return x;
}

/** Releases every tensor in `value` (a tensor, or arrays and plain objects of them). */
export function dispose(value: unknown): void {
  for (const handle of handlesIn(value)) handle.dispose();
}

function handlesIn(value: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (value instanceof Tensor) out.push(value.handle);
  else if (Array.isArray(value)) for (const v of value) handlesIn(v, out);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) handlesIn(v, out);
  }
  return out;
}
