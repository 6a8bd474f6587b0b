import * as T from '@typeflow/tensor';
import { record } from '../tape.js';
import { keptShape } from './kept-shape.js';

/** The mean over `axis` (all when left out). d/dx = dy broadcast back, divided by the count. */
export function mean(x: T.Tensor, axis?: T.Axis, options: T.ReduceOptions = {}): T.Tensor {
  const y = T.mean(x, axis, options);
  const kept = keptShape(x.shape, axis);
  const count = x.size / kept.reduce((n, d) => n * d, 1);
  return record('mean', y, [x], [(dy) => T.div(T.broadcastTo(T.reshape(dy, kept), x.shape), count)]);
}
