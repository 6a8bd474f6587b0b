import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** x^2. d/dx = 2 x dy. */
export function square(x: T.Tensor): T.Tensor {
  return record('square', T.square(x), [x], [(dy) => T.mul(T.mul(dy, x), 2)]);
}
