import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** e^x. d/dx = dy * e^x (the output itself). */
export function exp(x: T.Tensor): T.Tensor {
  const y = T.exp(x);
  return record('exp', y, [x], [(dy) => T.mul(dy, y)]);
}
