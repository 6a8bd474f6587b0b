import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** Softmax over the last axis. d/dx = y * (dy - sum(dy * y)), the sum over the last axis. */
export function softmax(x: T.Tensor, axis = -1): T.Tensor {
  const y = T.softmax(x, axis);
  return record('softmax', y, [x], [(dy) => T.mul(y, T.sub(dy, T.sum(T.mul(dy, y), -1, { keepDims: true })))]);
}
