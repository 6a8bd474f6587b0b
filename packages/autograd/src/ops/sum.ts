import * as T from '@typeflow/tensor';
import { record } from '../tape.js';
import { keptShape } from './kept-shape.js';

/** The sum over `axis` (all when left out). d/dx = dy broadcast back over the summed axes. */
export function sum(x: T.Tensor, axis?: T.Axis, options: T.ReduceOptions = {}): T.Tensor {
  const y = T.sum(x, axis, options);
  return record('sum', y, [x], [(dy) => T.broadcastTo(T.reshape(dy, keptShape(x.shape, axis)), x.shape)]);
}
