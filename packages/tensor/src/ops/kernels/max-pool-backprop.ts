import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import type { Windows } from '../window-geometry.js';
import { MAX_POOL_BACKPROP_WASM } from './max-pool-backprop-wasm.js';
import { compileKernels, instantiate, type WasmMemory } from './webassembly.js';

type TiledKernel = (
  dy: number,
  x: number,
  dx: number,
  batch: number,
  rowsOut: number,
  colsOut: number,
  kh: number,
  kw: number,
  channels: number,
  rowBytes: number,
  imageBytes: number,
) => void;

/**
 * maxPool's gradient on the wasm backend: each window's dy goes to its first maximum in row-major
 * order (as TensorFlow's kernel), padded cells never win. Written by hand because the backend's
 * MaxPoolGrad kernel is wrong (its running maximum starts at FLT_MIN, so all-negative windows lose
 * their gradient) and routes built from tfjs ops are slow: argMax over windows needs 6-D
 * transposes, 24 ms for the book cnn2's first pooling on a batch of 128. Windows that tile the image
 * with a multiple of 4 channels (the book CNNs') run a SIMD kernel on the backend's memory (2 ms);
 * any other geometry a JavaScript loop over it (15 ms there). `pnpm --filter @typeflow/autograd bench:conv`.
 */
export function maxPoolBackpropOnHeap(dy: tf.Tensor, x: tf.Tensor, geo: Windows): tf.Tensor {
  const backend = tf.backend() as BackendWasm;
  const tiled = tiledKernel(backend, geo);
  const covered = (a: Windows['rows']) => a.out * a.window === a.input;
  // The SIMD kernel writes every cell a window covers, so when windows cover the whole image the
  // output needs no zeros first (filling 10 MB costs more than the kernel itself).
  const out =
    tiled !== null && covered(geo.rows) && covered(geo.cols)
      ? tf.engine().makeTensorFromTensorInfo(backend.makeOutput([...x.shape], 'float32'))
      : tf.zeros(x.shape);
  // Views of the heap, taken after the last allocation (a growing heap would detach them).
  const [dyView, xView, dxView] = [dy, x, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  if (tiled === null) routeToFirstMaximum(dyView, xView, dxView, geo);
  else {
    const { batch, channels, rows, cols } = geo;
    const rowBytes = cols.input * channels * 4;
    const [p, q, r] = [dyView.byteOffset, xView.byteOffset, dxView.byteOffset];
    tiled(p, q, r, batch, rows.out, cols.out, rows.window, cols.window, channels, rowBytes, rows.input * rowBytes);
  }
  return out;
}

let instance: { memory: WasmMemory; tiled: TiledKernel } | undefined;

/** The SIMD kernel bound to the backend's memory, or null where it does not apply or is missing. */
function tiledKernel(backend: BackendWasm, geo: Windows): TiledKernel | null {
  const whole = (a: Windows['rows']) => a.stride === a.window && a.before === 0 && a.out * a.window <= a.input;
  if (geo.channels % 4 !== 0 || !whole(geo.rows) || !whole(geo.cols)) return null;
  const memory = (backend.wasm as unknown as { asm?: { memory?: WasmMemory } }).asm?.memory;
  // A threaded build's shared memory would need a module declaring it shared: the loop serves there.
  if (memory === undefined || !(memory.buffer instanceof ArrayBuffer)) return null;
  const module = compileKernels(MAX_POOL_BACKPROP_WASM);
  if (module === null) return null;
  if (instance?.memory !== memory) {
    instance = { memory, tiled: instantiate<{ tiled: TiledKernel }>(module, { tfjs: { memory } }).tiled };
  }
  return instance.tiled;
}

/** Any geometry: a first-maximum search per window and channel, adding dy there (windows may overlap). */
function routeToFirstMaximum(dy: Float32Array, x: Float32Array, dx: Float32Array, geo: Windows): void {
  const { batch, channels, rows, cols } = geo;
  const rowSize = cols.input * channels;
  const imageSize = rows.input * rowSize;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < rows.out; i++) {
      const top = i * rows.stride - rows.before;
      const r0 = Math.max(top, 0);
      const r1 = Math.min(top + rows.window, rows.input);
      for (let j = 0; j < cols.out; j++) {
        const left = j * cols.stride - cols.before;
        const start = b * imageSize + r0 * rowSize + Math.max(left, 0) * channels;
        const width = Math.min(left + cols.window, cols.input) - Math.max(left, 0);
        for (let k = 0; k < channels; k++, o++) {
          let best = Number.NaN;
          let at = -1;
          for (let r = r0, row = start + k; r < r1; r++, row += rowSize) {
            for (let q = 0, p = row; q < width; q++, p += channels) {
              const v = x[p] as number;
              if (at < 0 || v > best) {
                best = v;
                at = p;
              }
            }
          }
          if (at >= 0) dx[at] = (dx[at] as number) + (dy[o] as number);
        }
      }
    }
  }
}
