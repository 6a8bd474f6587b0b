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

/** dy b^T = (b dy^T)^T, b [k, n], dy [m, n]: transpose b (k n values), or dy and the result (m n + k m). */
function productWithTranspose(dy: T.Tensor, b: T.Tensor): T.Tensor {
  const [m] = dy.shape as [number, number];
  const [k] = b.shape as [number, number];
  if (b.size <= dy.size + k * m) return T.matmul(dy, T.transpose(b));
  return T.transpose(T.matmul(b, T.transpose(dy)));
}

/** a^T dy = (dy^T a)^T, a [m, k], dy [m, n]: transpose a (m k values), or dy and the result (m n + k n). */
function transposeProduct(a: T.Tensor, dy: T.Tensor): T.Tensor {
  const [, k] = a.shape as [number, number];
  const [, n] = dy.shape as [number, number];
  if (a.size <= dy.size + k * n) return T.matmul(T.transpose(a), dy);
  return T.transpose(T.matmul(T.transpose(dy), a));
}
