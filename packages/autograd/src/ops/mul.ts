import * as T from '@typeflow/tensor';
import { recordBinary } from './record-binary.js';

/** a * b. d/da = dy * b, d/db = dy * a. */
export function mul(a: T.Operand, b: T.Operand): T.Tensor {
  return recordBinary(
    'mul',
    T.mul(a, b),
    a,
    b,
    (dy) => T.mul(dy, b),
    (dy) => T.mul(dy, a),
  );
}
