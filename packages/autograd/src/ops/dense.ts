import * as T from '@typeflow/tensor';
import { type GradientRule, record } from '../tape.js';
import { ConstantInput, InputRows } from './constant-input.js';

export type DenseActivation = T.FusedActivation;

/**
 * A fully connected layer in one op: y = activation(x w + b), x [m, k], w [k, n], b [n]. The
 * forward pass is one fused kernel (`fusedMatmul`). The backward pass computes dz = dy * act'(y)
 * once (from the output y), then
 *   dx = dz w^T (w transposed explicitly: it is the small operand),
 *   dw = x^T dz (with what `constantInput` prepared when x is given prepared, else (dz^T x)^T,
 *        which transposes only the [m, n] and [n, k] matrices, never a large x),
 *   db = the column sums of dz.
 * Every dense matmul is untransposed: on wasm a transposed matMul leaves XNNPACK (DESIGN.md). For an
 * input prepared by `constantInput` and kept sparse, or rows of a sparse matrix (`InputRows`, a
 * minibatch), x w + b and x^T dz run on its nonzeros.
 */
export function dense(
  input: T.Tensor | ConstantInput | InputRows,
  w: T.Tensor,
  b: T.Tensor,
  activation: DenseActivation = 'linear',
): T.Tensor {
  const constant = input instanceof ConstantInput ? input : undefined;
  const selected = input instanceof InputRows ? input : undefined;
  if (constant?.isDisposed || selected?.matrix.isDisposed)
    T.refuse(T.TypeflowError, 'dense', 'x', 'a live prepared input', 'a disposed one');
  const x = constant?.x ?? selected?.x ?? (input as T.Tensor);
  checkArguments(x, w, b);
  const sparse = constant?.sparse ?? selected?.matrix ?? null;
  const rows = selected?.rows;
  const y =
    sparse === null ? T.fusedMatmul(x, w, { bias: b, activation }) : activate(sparse.matmul(w, b, rows), activation);
  let seen: T.Tensor | undefined;
  let dz: T.Tensor | undefined;
  // The three rules run one after another with the same dy: dz is computed once for all of them.
  const preActivation = (dy: T.Tensor): T.Tensor => {
    if (seen !== dy || dz === undefined) {
      seen = dy;
      dz = activationGradient(dy, y, activation);
    }
    return dz;
  };
  const weightGradient = (g: T.Tensor): T.Tensor => {
    if (sparse !== null) return sparse.transposeMatmul(g, rows);
    if (constant?.transpose) return T.matmul(constant.transpose, g);
    return transposeProduct(x, g);
  };
  const rules: GradientRule[] = [
    (dy) => T.matmul(preActivation(dy), T.transpose(w)),
    (dy) => weightGradient(preActivation(dy)),
    (dy) => T.sum(preActivation(dy), 0),
  ];
  return record('dense', y, [x, w, b], rules);
}

/** activation(z), releasing z (the sparse kernel applies no activation of its own). */
function activate(z: T.Tensor, activation: DenseActivation): T.Tensor {
  if (activation === 'linear') return z;
  const y = activation === 'sigmoid' ? T.sigmoid(z) : T.relu(z);
  z.dispose();
  return y;
}

/** dy * act'(z), written with the output y = act(z): sigmoid' = y - y^2, relu' = step(y). */
function activationGradient(dy: T.Tensor, y: T.Tensor, activation: DenseActivation): T.Tensor {
  if (activation === 'sigmoid') return T.mul(dy, T.sub(y, T.square(y)));
  if (activation === 'relu') return T.mul(dy, T.step(y));
  return dy;
}

/** x^T dz for x [m, k], dz [m, n]: transpose x (m k values), or dz and the result (m n + k n). */
function transposeProduct(x: T.Tensor, dz: T.Tensor): T.Tensor {
  const [m, k] = x.shape as [number, number];
  const n = dz.shape[1] as number;
  if (m * k <= m * n + k * n) return T.matmul(T.transpose(x), dz);
  return T.transpose(T.matmul(T.transpose(dz), x));
}

function checkArguments(x: T.Tensor, w: T.Tensor, b: T.Tensor): void {
  for (const [argument, value] of [
    ['x', x],
    ['w', w],
    ['b', b],
  ] as const) {
    if (!(value instanceof T.Tensor) || value.isDisposed)
      T.refuse(T.TypeflowError, 'dense', argument, 'a live Tensor', T.describeValue(value));
  }
  if (x.rank !== 2) T.refuse(T.ShapeError, 'dense', 'x', 'a matrix [examples, inputs]', T.formatShape(x.shape));
  if (w.rank !== 2 || w.shape[0] !== x.shape[1]) {
    T.refuse(T.ShapeError, 'dense', 'w', `shape [${x.shape[1]}, outputs]`, T.formatShape(w.shape));
  }
  if (b.rank !== 1 || b.shape[0] !== w.shape[1])
    T.refuse(T.ShapeError, 'dense', 'b', `shape [${w.shape[1]}]`, T.formatShape(b.shape));
}
