/**
 * Interop with TensorFlow.js, for tests, benchmarks and users who mix both. This entry point
 * (`@typeflow/tensor/tfjs`) is the only public place where tfjs types appear.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Tensor, wrap } from './tensor.js';
import { assertTensor } from './validate.js';

/** The tfjs tensor behind a typeflow tensor (shared, not copied: disposing one disposes both). */
export function toTfjs(x: Tensor): tf.Tensor {
  assertTensor(x, 'toTfjs', 'x');
  return x.handle;
}

/** A typeflow tensor over a tfjs tensor (shared, not copied). */
export function fromTfjs(handle: tf.Tensor): Tensor {
  return wrap(handle);
}

export { Tensor };
