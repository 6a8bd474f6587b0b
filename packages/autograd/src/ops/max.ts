import * as T from '@typeflow/tensor';
import { record } from '../tape.js';
import { keptShape } from './kept-shape.js';

/**
 * The maximum over `axis` (all when left out). d/dx = dy at every position equal to the maximum
 * (all tied maxima receive it, as in tfjs and TensorFlow), 0 elsewhere.
 */
export function max(x: T.Tensor, axis?: T.Axis, options: T.ReduceOptions = {}): T.Tensor {
  const y = T.max(x, axis, options);
  const kept = keptShape(x.shape, axis);
  return record(
    'max',
    y,
    [x],
    [
      (dy) => {
        const isMax = T.cast(T.equal(x, T.reshape(y, kept)), x.dtype);
        return T.mul(T.reshape(dy, kept), isMax);
      },
    ],
  );
}
