import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { refuse, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import type { Shape } from '../types.js';
import { assertFloat, assertShapeLike, assertTensor, describeValue, sizeOf } from '../validate.js';
import { tensor, zeros } from './creation.js';

/**
 * Copies the values of float32 `x` (C order) into `target` from `offset`, without allocating on wasm:
 * it reads the backend's heap in place, where `dataSync` makes two copies. For the few large arrays
 * a training step moves every time (weights, gradients): at ~100 steps a second, copies of a
 * 0.6 MB gradient are garbage enough to make the resident memory swing by tens of megabytes.
 */
export function readInto(x: Tensor, target: Float32Array, offset = 0): void {
  assertTensor(x, 'readInto', 'x');
  assertFloat(x, 'readInto', 'x');
  if (!(target instanceof Float32Array))
    refuse(ValueError, 'readInto', 'target', 'a Float32Array', describeValue(target));
  if (!Number.isInteger(offset) || offset < 0 || offset + x.size > target.length) {
    refuse(ValueError, 'readInto', 'offset', `an offset in 0..${target.length - x.size}`, describeValue(offset));
  }
  target.set(valuesOf(x), offset);
}

/**
 * The values of float32 `x` to read at once, without copying on wasm (a view of the backend's heap:
 * valid until the next tfjs op, which may grow and move the heap). For the package's own kernels.
 */
export function valuesOf(x: Tensor): Float32Array {
  const handle = x.handle;
  return tf.getBackend() === 'wasm'
    ? ((tf.backend() as BackendWasm).typedArrayFromHeap(handle) as Float32Array)
    : (handle.dataSync() as Float32Array);
}

/**
 * A new float32 tensor of `shape` whose values `write` fills in place (on wasm, straight into the
 * backend's memory: no intermediate array, so a large training set is not held twice while it is
 * made). `write` receives the tensor's values, zeros at first, and must run no tensor op.
 */
export function tensorFrom(shape: Shape, write: (values: Float32Array) => void): Tensor {
  assertShapeLike(shape, 'tensorFrom', 'shape');
  if (typeof write !== 'function') refuse(ValueError, 'tensorFrom', 'write', 'a function', describeValue(write));
  if (tf.getBackend() !== 'wasm') {
    const values = new Float32Array(sizeOf(shape));
    write(values);
    return tensor(values, shape);
  }
  const x = zeros(shape);
  try {
    write(valuesOf(x)); // the new tensor's own memory, which nothing has read yet
  } catch (error) {
    x.dispose();
    throw error;
  }
  return x;
}
