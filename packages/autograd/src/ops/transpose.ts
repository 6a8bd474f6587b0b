import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/** Permuted axes. d/dx = dy permuted back by the inverse permutation. */
export function transpose(x: T.Tensor, perm?: readonly number[]): T.Tensor {
  const forward = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  const inverse = forward.map((_, i) => forward.indexOf(i));
  return record('transpose', T.transpose(x, perm), [x], [(dy) => T.transpose(dy, inverse)]);
}
