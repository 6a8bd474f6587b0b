import { refuse, ShapeError, TypeflowError } from '../errors.js';
import { formatShape } from '../format.js';
import type { Tensor } from '../tensor.js';
import { assertFloat, assertRank, assertTensor } from '../validate.js';
import { tensor } from './creation.js';
import { SPARSE_MATMUL_WASM } from './kernels/sparse-matmul-wasm.js';
import { compileKernels, instantiate, type WasmMemory, type WasmModule } from './kernels/webassembly.js';
import { readInto } from './read-into.js';

interface Kernels {
  readonly memory: WasmMemory;
  spmm(m: number, n: number, rowptr: number, colidx: number, vals: number, b: number, bias: number, out: number): void;
  spmmT(m: number, n: number, k: number, rowptr: number, colidx: number, vals: number, g: number, out: number): void;
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
 * for a matrix used many times (a full-batch training set); each product copies the dense operand
 * in and the result out. Sums run in a fixed order (each output entry over the row's nonzeros in
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
  private readonly scratch: number;

  private constructor(shape: [number, number], kernels: Kernels, nonzeros: number, offsets: number[]) {
    this.shape = shape;
    this.kernels = kernels;
    this.nonzeros = nonzeros;
    [this.rowptr, this.colidx, this.vals, this.scratch] = offsets as [number, number, number, number];
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
    const module = kernelModule();
    if (module === null) {
      throw new TypeflowError('SparseMatrix.fromTensor: this platform has no WebAssembly SIMD', {
        op: 'SparseMatrix.fromTensor',
      });
    }
    const [m, k] = x.shape as [number, number];
    const values = x.dataSync() as Float32Array;
    let nonzeros = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonzeros++;
    const rowptr = 0;
    const colidx = align(rowptr + 4 * (m + 1));
    const vals = align(colidx + 4 * nonzeros);
    const scratch = align(vals + 4 * nonzeros);
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
    return new SparseMatrix([m, k], kernels, nonzeros, [rowptr, colidx, vals, scratch]);
  }

  /** this [m, k] times b [k, n], plus `bias` [n] on every row when given: [m, n]. */
  matmul(b: Tensor, bias?: Tensor): Tensor {
    const kernels = this.live('matmul');
    assertTensor(b, 'SparseMatrix.matmul', 'b');
    assertFloat(b, 'SparseMatrix.matmul', 'b');
    assertRank(b, 2, 'SparseMatrix.matmul', 'b');
    const [m, k] = this.shape;
    const n = b.shape[1] as number;
    if (b.shape[0] !== k) refuse(ShapeError, 'SparseMatrix.matmul', 'b', `shape [${k}, *]`, formatShape(b.shape));
    if (bias !== undefined) {
      assertTensor(bias, 'SparseMatrix.matmul', 'bias');
      if (bias.rank !== 1 || bias.shape[0] !== n) {
        refuse(ShapeError, 'SparseMatrix.matmul', 'bias', `shape [${n}]`, formatShape(bias.shape));
      }
    }
    const bAt = this.scratch;
    const biasAt = align(bAt + 4 * k * n);
    const outAt = align(biasAt + 4 * n);
    const heap = this.reserve(outAt + 4 * m * n);
    readInto(b, new Float32Array(heap, bAt, k * n));
    const biasValues = new Float32Array(heap, biasAt, n);
    if (bias === undefined) biasValues.fill(0);
    else readInto(bias, biasValues);
    kernels.spmm(m, n, this.rowptr, this.colidx, this.vals, bAt, biasAt, outAt);
    // tensor() copies the output: the next call overwrites the kernel's memory.
    return tensor(new Float32Array(kernels.memory.buffer, outAt, m * n), [m, n]);
  }

  /** The transpose of this [m, k] times g [m, n]: [k, n]. */
  transposeMatmul(g: Tensor): Tensor {
    const kernels = this.live('transposeMatmul');
    assertTensor(g, 'SparseMatrix.transposeMatmul', 'g');
    assertFloat(g, 'SparseMatrix.transposeMatmul', 'g');
    assertRank(g, 2, 'SparseMatrix.transposeMatmul', 'g');
    const [m, k] = this.shape;
    const n = g.shape[1] as number;
    if (g.shape[0] !== m) {
      refuse(ShapeError, 'SparseMatrix.transposeMatmul', 'g', `shape [${m}, *]`, formatShape(g.shape));
    }
    const gAt = this.scratch;
    const outAt = align(gAt + 4 * m * n);
    const heap = this.reserve(outAt + 4 * k * n);
    readInto(g, new Float32Array(heap, gAt, m * n));
    kernels.spmmT(m, n, k, this.rowptr, this.colidx, this.vals, gAt, outAt);
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
