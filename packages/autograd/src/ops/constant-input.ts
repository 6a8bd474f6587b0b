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
    this.sparse = sparseRows(x.dataSync() as Float32Array, x.shape as [number, number]);
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
 * The matrix [m, k] whose values are `values` in compressed sparse rows, when at most SPARSE_DENSITY
 * of it is nonzero and the platform runs the kernel; else null (a dense product is then faster).
 */
export function sparseRows(values: Float32Array, shape: readonly [number, number]): T.SparseMatrix | null {
  if (!T.SparseMatrix.available) return null;
  let nonzeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonzeros++;
  return nonzeros / Math.max(values.length, 1) <= SPARSE_DENSITY ? T.SparseMatrix.fromValues(values, shape) : null;
}

/**
 * Rows of a matrix kept sparse (a training set, `sparseRows`) as one step's input to `dense`: x is
 * those rows copied densely (what the other layers and the tape see); x w + b and x^T dz run on the
 * rows' nonzeros in the sparse matrix instead. A minibatch of the book's glyphs (about 10% ink, and
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
