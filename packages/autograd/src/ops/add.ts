import * as T from '@typeflow/tensor';
import { recordBinary } from './record-binary.js';

/** a + b. d/da = dy, d/db = dy (summed back over broadcast axes by the engine). */
export function add(a: T.Operand, b: T.Operand): T.Tensor {
  return recordBinary(
    'add',
    T.add(a, b),
    a,
    b,
    (dy) => dy,
    (dy) => dy,
  );
}
