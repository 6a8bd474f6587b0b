import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** 1 / (1 + e^-x). d/dx = dy * y * (1 - y), from the output y. */
export function sigmoid(x: T.Tensor): T.Tensor {
  const y = T.sigmoid(x);
  return record('sigmoid', y, [x], [(dy) => T.mul(dy, T.mul(y, T.sub(1, y)))]);
}
