import { refuse, ShapeError, TypeflowError } from '../errors.js';
import { formatShape } from '../format.js';
import type { Tensor } from '../tensor.js';
import { assertFloat, assertRank, assertTensor } from '../validate.js';
import { tensor } from './creation.js';
import { SPARSE_MATMUL_WASM } from './kernels/sparse-matmul-wasm.js';
import { compileKernels, instantiate, type WasmMemory, type WasmModule } from './kernels/webassembly.js';
import { readInto, valuesOf } from './read-into.js';

interface Kernels {
  readonly memory: WasmMemory;
  spmm(
    m: number,
    n: number,
    sel: number,
    rowptr: number,
    colidx: number,
    vals: number,
    b: number,
    bias: number,
    out: number,
  ): void;
  spmmT(
    m: number,
    n: number,
    k: number,
    sel: number,
    rowptr: number,
    colidx: number,
    vals: number,
    g: number,
    out: number,
  ): void;
}

/** The compiled kernels, or null where WebAssembly SIMD is missing (1.5 KB). */
function kernelModule(): WasmModule | null {
  return compileKernels(SPARSE_MATMUL_WASM);
}

const PAGE = 65536;

/**
 * A float32 matrix [m, k] kept in compressed sparse rows (only its nonzeros, with their columns),
 * for products with dense matrices computed by a hand-written WebAssembly SIMD kernel
 * (`kernels/sparse-matmul.wat`): tfjs has no sparse kernel, and an input that is mostly zeros (the
 * book's glyphs: 90% paper) costs a dense product ten times the multiply-adds it needs. Built once
 * for a matrix used many times (a training set); a product takes all its rows (a full batch) or a
 * selection of them (a minibatch: the rows need never be copied out densely), and copies the dense
 * operand in and the result out. Sums run in a fixed order (each output entry over the row's nonzeros in
 * column order), so results are reproducible; they differ from a dense product's by float32 rounding.
 */
export class SparseMatrix {
  readonly shape: readonly [number, number];
  /** Stored entries (the nonzeros). */
  readonly nonzeros: number;
  private kernels: Kernels | null;
  private readonly rowptr: number;
  private readonly colidx: number;
  private readonly vals: number;
  /** 0, 1, ..., m-1: the selection of every row. */
  private readonly everyRow: number;
  private readonly scratch: number;

  private constructor(shape: [number, number], kernels: Kernels, nonzeros: number, offsets: number[]) {
    this.shape = shape;
    this.kernels = kernels;
    this.nonzeros = nonzeros;
    [this.rowptr, this.colidx, this.vals, this.everyRow, this.scratch] = offsets as [
      number,
      number,
      number,
      number,
      number,
    ];
  }

  /** Whether this platform runs the kernel (WebAssembly SIMD); `fromTensor` throws where it does not. */
  static get available(): boolean {
    return kernelModule() !== null;
  }

  /** The nonzeros of a float32 matrix. */
  static fromTensor(x: Tensor): SparseMatrix {
    assertTensor(x, 'SparseMatrix.fromTensor', 'x');
    assertFloat(x, 'SparseMatrix.fromTensor', 'x');
    assertRank(x, 2, 'SparseMatrix.fromTensor', 'x');
    // Read in place: a large training set is not copied out of the backend first.
    return SparseMatrix.build(valuesOf(x), x.shape as [number, number], 'fromTensor');
  }

  /** The share of entries of `x` (a float32 tensor, or values) that are nonzero, 0..1 (0 when empty). */
  static nonzeroShare(x: Tensor | Float32Array): number {
    let values: Float32Array;
    if (x instanceof Float32Array) values = x;
    else {
      assertTensor(x, 'SparseMatrix.nonzeroShare', 'x');
      assertFloat(x, 'SparseMatrix.nonzeroShare', 'x');
      values = valuesOf(x);
    }
    let nonzeros = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonzeros++;
    return nonzeros / Math.max(values.length, 1);
  }

  /** The nonzeros of the matrix [m, k] whose values, row after row, are `values` (no tensor needed). */
  static fromValues(values: Float32Array, shape: readonly [number, number]): SparseMatrix {
    if (!(values instanceof Float32Array))
      refuse(TypeflowError, 'SparseMatrix.fromValues', 'values', 'a Float32Array', typeof values);
    const [m, k] = shape;
    if (!Number.isInteger(m) || !Number.isInteger(k) || m < 0 || k < 0 || m * k !== values.length) {
      refuse(ShapeError, 'SparseMatrix.fromValues', 'shape', `[m, k] with m k = ${values.length}`, formatShape(shape));
    }
    return SparseMatrix.build(values, [m, k], 'fromValues');
  }

  private static build(values: Float32Array, [m, k]: [number, number], op: string): SparseMatrix {
    const module = kernelModule();
    if (module === null) {
      throw new TypeflowError(`SparseMatrix.${op}: this platform has no WebAssembly SIMD`, {
        op: `SparseMatrix.${op}`,
      });
    }
    let nonzeros = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonzeros++;
    const rowptr = 0;
    const colidx = align(rowptr + 4 * (m + 1));
    const vals = align(colidx + 4 * nonzeros);
    const everyRow = align(vals + 4 * nonzeros);
    const scratch = align(everyRow + 4 * m);
    // Each matrix has its own instance, so its memory goes with it (no allocator to write).
    const kernels = instantiate<Kernels>(module);
    const heap = kernels.memory;
    heap.grow(Math.max(0, Math.ceil(scratch / PAGE) + 1 - heap.buffer.byteLength / PAGE));
    const rows = new Int32Array(heap.buffer, rowptr, m + 1);
    const cols = new Int32Array(heap.buffer, colidx, nonzeros);
    const entries = new Float32Array(heap.buffer, vals, nonzeros);
    let p = 0;
    for (let i = 0; i < m; i++) {
      rows[i] = p;
      for (let j = 0; j < k; j++) {
        const v = values[i * k + j] as number;
        if (v !== 0) {
          cols[p] = j;
          entries[p] = v;
          p++;
        }
      }
    }
    rows[m] = p;
    const identity = new Int32Array(heap.buffer, everyRow, m);
    for (let i = 0; i < m; i++) identity[i] = i;
    return new SparseMatrix([m, k], kernels, nonzeros, [rowptr, colidx, vals, everyRow, scratch]);
  }

  /**
   * this [m, k] times b [k, n], plus `bias` [n] on every row when given: [m, n]. With `rows`, only
   * those rows of this matrix, in that order: [rows.length, n].
   */
  matmul(b: Tensor, bias?: Tensor, rows?: Int32Array): Tensor {
    const kernels = this.live('matmul');
    assertTensor(b, 'SparseMatrix.matmul', 'b');
    assertFloat(b, 'SparseMatrix.matmul', 'b');
    assertRank(b, 2, 'SparseMatrix.matmul', 'b');
    const k = this.shape[1];
    const n = b.shape[1] as number;
    if (b.shape[0] !== k) refuse(ShapeError, 'SparseMatrix.matmul', 'b', `shape [${k}, *]`, formatShape(b.shape));
    const m = this.checkRows(rows, 'matmul');
    if (bias !== undefined) {
      assertTensor(bias, 'SparseMatrix.matmul', 'bias');
      if (bias.rank !== 1 || bias.shape[0] !== n) {
        refuse(ShapeError, 'SparseMatrix.matmul', 'bias', `shape [${n}]`, formatShape(bias.shape));
      }
    }
    const selAt = this.scratch;
    const bAt = align(selAt + 4 * m);
    const biasAt = align(bAt + 4 * k * n);
    const outAt = align(biasAt + 4 * n);
    const heap = this.reserve(outAt + 4 * m * n);
    const sel = this.selection(heap, selAt, rows);
    readInto(b, new Float32Array(heap, bAt, k * n));
    const biasValues = new Float32Array(heap, biasAt, n);
    if (bias === undefined) biasValues.fill(0);
    else readInto(bias, biasValues);
    kernels.spmm(m, n, sel, this.rowptr, this.colidx, this.vals, bAt, biasAt, outAt);
    // tensor() copies the output: the next call overwrites the kernel's memory.
    return tensor(new Float32Array(kernels.memory.buffer, outAt, m * n), [m, n]);
  }

  /** The transpose of this [m, k] times g [m, n]: [k, n]. With `rows`, of those rows only (g [rows.length, n]). */
  transposeMatmul(g: Tensor, rows?: Int32Array): Tensor {
    const kernels = this.live('transposeMatmul');
    assertTensor(g, 'SparseMatrix.transposeMatmul', 'g');
    assertFloat(g, 'SparseMatrix.transposeMatmul', 'g');
    assertRank(g, 2, 'SparseMatrix.transposeMatmul', 'g');
    const k = this.shape[1];
    const m = this.checkRows(rows, 'transposeMatmul');
    const n = g.shape[1] as number;
    if (g.shape[0] !== m) {
      refuse(ShapeError, 'SparseMatrix.transposeMatmul', 'g', `shape [${m}, *]`, formatShape(g.shape));
    }
    const selAt = this.scratch;
    const gAt = align(selAt + 4 * m);
    const outAt = align(gAt + 4 * m * n);
    const heap = this.reserve(outAt + 4 * k * n);
    const sel = this.selection(heap, selAt, rows);
    readInto(g, new Float32Array(heap, gAt, m * n));
    kernels.spmmT(m, n, k, sel, this.rowptr, this.colidx, this.vals, gAt, outAt);
    // tensor() copies the output: the next call overwrites the kernel's memory.
    return tensor(new Float32Array(kernels.memory.buffer, outAt, k * n), [k, n]);
  }

  /** Releases the kernel's memory (to the garbage collector). */
  dispose(): void {
    this.kernels = null;
  }

  get isDisposed(): boolean {
    return this.kernels === null;
  }

  private live(op: string): Kernels {
    if (this.kernels === null)
      refuse(TypeflowError, `SparseMatrix.${op}`, 'this', 'a live SparseMatrix', 'a disposed one');
    return this.kernels;
  }

  /** How many rows a product takes: all, or `rows` (each checked to be a row of this matrix). */
  private checkRows(rows: Int32Array | undefined, op: string): number {
    if (rows === undefined) return this.shape[0];
    if (!(rows instanceof Int32Array))
      refuse(TypeflowError, `SparseMatrix.${op}`, 'rows', 'an Int32Array of row indices', typeof rows);
    const m = this.shape[0];
    for (const r of rows) {
      if (!(r >= 0 && r < m)) refuse(ShapeError, `SparseMatrix.${op}`, 'rows', `row indices in [0, ${m})`, String(r));
    }
    return rows.length;
  }

  /** Where the kernel finds the selected rows: copied into its memory at `at`, or every row. */
  private selection(heap: ArrayBuffer, at: number, rows: Int32Array | undefined): number {
    if (rows === undefined) return this.everyRow;
    new Int32Array(heap, at, rows.length).set(rows);
    return at;
  }

  /** The kernel memory's buffer, grown to at least `bytes` (growing detaches older views). */
  private reserve(bytes: number): ArrayBuffer {
    const memory = (this.kernels as Kernels).memory;
    const missing = Math.ceil((bytes - memory.buffer.byteLength) / PAGE);
    if (missing > 0) memory.grow(missing);
    return memory.buffer;
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
