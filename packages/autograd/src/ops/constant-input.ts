import * as T from '@typeflow/tensor';

/** What `dense` uses in place of a constant input x [n, k]: its nonzeros, or its transpose. */
export interface ConstantInput {
  /** x in compressed sparse rows, when at most SPARSE_DENSITY of it is nonzero (and the platform runs the kernel). */
  readonly sparse: T.SparseMatrix | null;
  /** x^T [k, n], when x is not kept sparse. */
  readonly transpose: T.Tensor | null;
  dispose(): void;
}

const registry = new WeakMap<T.Tensor, ConstantInput>();

// Above this share of nonzeros a dense XNNPACK product beats the sparse kernel (measured on the book's
// [2511 x 1296] input at 10% density: 4.0 ms sparse against 17.8 ms dense, so the break-even is near 45%).
const SPARSE_DENSITY = 0.3;

/**
 * Declares that `x` [n, k] will be the input of many gradient computations unchanged (the
 * full-batch training set), so that `dense` prepares it once instead of at every step:
 * - mostly zeros (the book's glyphs are 90% paper): its nonzeros, and both large products, x w and
 *   x^T dy, run on them alone (`SparseMatrix`, a WebAssembly SIMD kernel): 4-5x faster there;
 * - otherwise its transpose, so that x^T dy is one plain matmul: on wasm a transposed matMul leaves
 *   XNNPACK, and transposing the book's input costs ~10 ms, half a step's gradient.
 * The caller disposes the handle when x's last use is over.
 */
export function constantInput(x: T.Tensor): ConstantInput {
  if (!(x instanceof T.Tensor) || x.isDisposed) {
    T.refuse(T.TypeflowError, 'constantInput', 'x', 'a live Tensor', String(x));
  }
  if (x.rank !== 2 || x.dtype !== 'float32') {
    T.refuse(T.ShapeError, 'constantInput', 'x', 'a float32 matrix [examples, features]', T.formatShape(x.shape));
  }
  const existing = constantInputOf(x);
  if (existing !== undefined) return { ...existing, dispose: () => {} };
  const sparse = T.SparseMatrix.available && density(x) <= SPARSE_DENSITY ? T.SparseMatrix.fromTensor(x) : null;
  const transpose = sparse === null ? T.keep(T.scope(() => T.transpose(x))) : null;
  const handle: ConstantInput = {
    sparse,
    transpose,
    dispose: () => {
      if (registry.get(x) === handle) registry.delete(x);
      sparse?.dispose();
      transpose?.dispose();
    },
  };
  registry.set(x, handle);
  return handle;
}

/** What `constantInput(x)` prepared, while its handle is live. */
export function constantInputOf(x: T.Tensor): ConstantInput | undefined {
  const c = registry.get(x);
  if (c === undefined || c.sparse?.isDisposed || c.transpose?.isDisposed) return undefined;
  return c;
}

function density(x: T.Tensor): number {
  const values = x.dataSync();
  let nonzeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonzeros++;
  return nonzeros / Math.max(values.length, 1);
}
