import * as T from '@typeflow/tensor';

// Above this share of nonzeros a dense XNNPACK product beats the sparse kernel (measured on the book's
// [2511 x 1296] input at 10% density: 4.0 ms sparse against 17.8 ms dense, so the break-even is near 45%).
const SPARSE_DENSITY = 0.3;

/**
 * A matrix x [n, k] prepared once to be `dense`'s input at many steps (the full-batch training set):
 * - mostly zeros (the book's glyphs are 90% paper): its nonzeros, and both large products, x w and
 *   x^T dy, run on them alone (`SparseMatrix`, a WebAssembly SIMD kernel): 4-5x faster there;
 * - otherwise its transpose, so that x^T dy is one plain matmul: on wasm a transposed matMul leaves
 *   XNNPACK, and transposing the book's input costs ~10 ms, half a step's gradient.
 * Pass it to `dense` in place of x. Its owner disposes it when x's last step is over (x itself stays
 * the caller's).
 */
export class ConstantInput {
  /** x in compressed sparse rows, when at most SPARSE_DENSITY of it is nonzero (and the platform runs the kernel). */
  readonly sparse: T.SparseMatrix | null;
  /** x^T [k, n], when x is not kept sparse. */
  readonly transpose: T.Tensor | null;

  constructor(readonly x: T.Tensor) {
    if (!(x instanceof T.Tensor) || x.isDisposed) {
      T.refuse(T.TypeflowError, 'constantInput', 'x', 'a live Tensor', T.describeValue(x));
    }
    if (x.rank !== 2 || x.dtype !== 'float32') {
      T.refuse(T.ShapeError, 'constantInput', 'x', 'a float32 matrix [examples, features]', T.describeValue(x));
    }
    this.sparse = sparseRows(x);
    this.transpose = this.sparse === null ? T.keep(T.scope(() => T.transpose(x))) : null;
  }

  get isDisposed(): boolean {
    return this.x.isDisposed || this.sparse?.isDisposed === true || this.transpose?.isDisposed === true;
  }

  dispose(): void {
    this.sparse?.dispose();
    this.transpose?.dispose();
  }
}

/** `new ConstantInput(x)`: x prepared once to be `dense`'s input at many steps. */
export function constantInput(x: T.Tensor): ConstantInput {
  return new ConstantInput(x);
}

/**
 * A float32 matrix [m, k] (a tensor, or its values with `shape`) in compressed sparse rows, when at
 * most SPARSE_DENSITY of it is nonzero and the platform runs the kernel; else null (a dense product is
 * then faster).
 */
export function sparseRows(x: T.Tensor | Float32Array, shape?: readonly [number, number]): T.SparseMatrix | null {
  if (!T.SparseMatrix.available || T.SparseMatrix.nonzeroShare(x) > SPARSE_DENSITY) return null;
  if (x instanceof Float32Array) {
    if (shape === undefined) T.refuse(T.ValueError, 'sparseRows', 'shape', "the values' shape [m, k]", 'none');
    return T.SparseMatrix.fromValues(x, shape);
  }
  return T.SparseMatrix.fromTensor(x);
}

/**
 * Rows of a matrix kept sparse (a training set, `sparseRows`) as one step's input to `dense`: x w + b
 * and x^T dz run on the rows' nonzeros in the sparse matrix. `x` is what the model's forward pass and
 * the tape are given for those rows: dense never reads its values, so it may be a stand-in of the
 * same shape (the trainer passes zeros, and copies no rows densely). A minibatch of the book's glyphs (about 10% ink, and
 * as sparse in their shifted copies) then costs a tenth of a dense product's multiply-adds.
 * The sparse matrix stays its owner's.
 */
export class InputRows {
  constructor(
    readonly matrix: T.SparseMatrix,
    readonly rows: Int32Array,
    readonly x: T.Tensor,
  ) {
    if (x.rank !== 2 || x.shape[0] !== rows.length || x.shape[1] !== matrix.shape[1]) {
      T.refuse(
        T.ShapeError,
        'InputRows',
        'x',
        `the ${rows.length} rows as a matrix [${rows.length}, ${matrix.shape[1]}]`,
        T.formatShape(x.shape),
      );
    }
  }
}
