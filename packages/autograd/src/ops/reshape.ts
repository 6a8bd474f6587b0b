import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** The same values in a new shape. d/dx = dy in x's shape. */
export function reshape(x: T.Tensor, shape: T.Shape): T.Tensor {
  return record('reshape', T.reshape(x, shape), [x], [(dy) => T.reshape(dy, x.shape)]);
}
