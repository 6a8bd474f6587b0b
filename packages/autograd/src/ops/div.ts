import * as T from '@typeflow/tensor';
import { recordBinary } from './record-binary.js';

/** a / b. d/da = dy / b, d/db = -dy * a / b^2. */
export function div(a: T.Operand, b: T.Operand): T.Tensor {
  return recordBinary(
    'div',
    T.div(a, b),
    a,
    b,
    (dy) => T.div(dy, b),
    (dy) => T.neg(T.div(T.mul(dy, a), T.mul(b, b))),
  );
}
