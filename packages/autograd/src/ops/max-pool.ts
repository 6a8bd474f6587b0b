import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/**
 * The maximum over each window of images x [batch, height, width, channels]. d/dx sends each
 * window's dy to the window's first maximum in row-major order (as TensorFlow does), 0 elsewhere.
 */
export function maxPool(x: T.Tensor, options: T.PoolOptions): T.Tensor {
  const y = T.maxPool(x, options);
  return record('maxPool', y, [x], [(dy) => T.maxPoolBackprop(dy, x, y, options)]);
}
