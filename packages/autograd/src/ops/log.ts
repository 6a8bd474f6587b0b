import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** ln x. d/dx = dy / x. */
export function log(x: T.Tensor): T.Tensor {
  return record('log', T.log(x), [x], [(dy) => T.div(dy, x)]);
}
