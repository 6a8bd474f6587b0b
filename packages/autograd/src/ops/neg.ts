import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** -x. d/dx = -dy. */
export function neg(x: T.Tensor): T.Tensor {
  return record('neg', T.neg(x), [x], [(dy) => T.neg(dy)]);
}
