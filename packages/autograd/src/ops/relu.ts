import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** max(x, 0). d/dx = dy where x > 0, else 0 (0 at x = 0, as TensorFlow). */
export function relu(x: T.Tensor): T.Tensor {
  return record('relu', T.relu(x), [x], [(dy) => T.mul(dy, T.step(x))]);
}
