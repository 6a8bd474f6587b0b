import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/**
 * [m, k] x [k, n]. da = dy b^T and db = a^T dy, each computed in whichever of two equivalent forms
 * transposes fewer elements, and always with plain (untransposed) matmuls: on wasm a transposed
 * matMul leaves XNNPACK for a loop about 13x slower (DESIGN.md, Performance facts). For a Dense
 * layer on a full batch, db = (dy^T a)^T never touches the large input a except as a plain operand.
 */
export function matmul(a: T.Tensor, b: T.Tensor): T.Tensor {
  return record(
    'matmul',
    T.matmul(a, b),
    [a, b],
    [(dy) => productWithTranspose(dy, b), (dy) => transposeProduct(a, dy)],
  );
}

/** dy b^T = (b dy^T)^T: transpose b, or transpose dy and the result. */
function productWithTranspose(dy: T.Tensor, b: T.Tensor): T.Tensor {
  if (b.size <= dy.size + dy.shape[0]! * b.shape[0]!) return T.matmul(dy, T.transpose(b));
  return T.transpose(T.matmul(b, T.transpose(dy)));
}

/** a^T dy = (dy^T a)^T: transpose a, or transpose dy and the result. */
function transposeProduct(a: T.Tensor, dy: T.Tensor): T.Tensor {
  if (a.size <= dy.size + a.shape[1]! * dy.shape[1]!) return T.matmul(T.transpose(a), dy);
  return T.transpose(T.matmul(T.transpose(dy), a));
}
