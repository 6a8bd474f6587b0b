import * as T from '@typeflow/tensor';
import { recordBinary } from './record-binary.js';

/** a - b. d/da = dy, d/db = -dy. */
export function sub(a: T.Operand, b: T.Operand): T.Tensor {
  return recordBinary(
    'sub',
    T.sub(a, b),
    a,
    b,
    (dy) => dy,
    (dy) => T.neg(dy),
  );
}
