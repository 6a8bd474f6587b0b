import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** log(softmax(x)) over the last axis. d/dx = dy - softmax(x) * sum(dy), the sum over the last axis. */
export function logSoftmax(x: T.Tensor, axis = -1): T.Tensor {
  const y = T.logSoftmax(x, axis);
  return record('logSoftmax', y, [x], [(dy) => T.sub(dy, T.mul(T.exp(y), T.sum(dy, -1, { keepDims: true })))]);
}
