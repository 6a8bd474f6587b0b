/**
 * A float64 reimplementation of every differentiable op, in plain JavaScript, for the finite
 * difference checks: tfjs has no float64, and a float32 forward pass would bury a central
 * difference under rounding noise. Written for clarity, not speed; the shapes in tests are small.
 */

export interface F64 {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

export type Pad = 'same' | 'valid';
export type Pair = readonly [number, number];

export function f64(data: ArrayLike<number>, shape: readonly number[]): F64 {
  if (data.length !== sizeOf(shape)) throw new Error(`f64: ${data.length} values for shape [${shape}]`);
  return { data: Float64Array.from(data), shape: [...shape] };
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = (strides[i + 1] as number) * (shape[i + 1] as number);
  return strides;
}

function scalarOf(v: number): F64 {
  return { data: Float64Array.of(v), shape: [] };
}

/** Elementwise op with numpy broadcasting. */
function binary(a: F64 | number, b: F64 | number, op: (x: number, y: number) => number): F64 {
  const A = typeof a === 'number' ? scalarOf(a) : a;
  const B = typeof b === 'number' ? scalarOf(b) : b;
  const rank = Math.max(A.shape.length, B.shape.length);
  const pad = (s: readonly number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const sa = pad(A.shape);
  const sb = pad(B.shape);
  const shape = sa.map((d, i) => Math.max(d, sb[i] as number));
  const stA = stridesOf(sa).map((s, i) => (sa[i] === 1 ? 0 : s));
  const stB = stridesOf(sb).map((s, i) => (sb[i] === 1 ? 0 : s));
  const out = new Float64Array(sizeOf(shape));
  const index = new Array<number>(rank).fill(0);
  for (let k = 0; k < out.length; k++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      ia += (index[d] as number) * (stA[d] as number);
      ib += (index[d] as number) * (stB[d] as number);
    }
    out[k] = op(A.data[ia] as number, B.data[ib] as number);
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
  return { data: out, shape };
}

function unary(x: F64, op: (v: number) => number): F64 {
  return { data: x.data.map(op), shape: x.shape };
}

/** Reduces over `axis` (all when left out) with `init` and `step`, then `finish(total, count)`. */
function reduce(
  x: F64,
  axis: number | readonly number[] | undefined,
  keepDims: boolean,
  init: number,
  step: (acc: number, v: number) => number,
  finish: (acc: number, count: number) => number = (acc) => acc,
): F64 {
  const rank = x.shape.length;
  const axes = new Set(
    (axis === undefined ? x.shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : [...axis]).map((a) =>
      a < 0 ? a + rank : a,
    ),
  );
  const kept = x.shape.map((d, i) => (axes.has(i) ? 1 : d));
  const keptStrides = stridesOf(kept);
  const out = new Float64Array(sizeOf(kept)).fill(init);
  const xStrides = stridesOf(x.shape);
  for (let k = 0; k < x.data.length; k++) {
    let o = 0;
    for (let d = 0; d < rank; d++) {
      const i = Math.floor(k / (xStrides[d] as number)) % (x.shape[d] as number);
      if (!axes.has(d)) o += i * (keptStrides[d] as number);
    }
    out[o] = step(out[o] as number, x.data[k] as number);
  }
  const count = x.data.length / out.length;
  const shape = keepDims ? kept : x.shape.filter((_, i) => !axes.has(i));
  return { data: out.map((v) => finish(v, count)), shape };
}

/** Applies `fn` to each row along the last axis. */
function rows(x: F64, fn: (row: Float64Array) => Float64Array): F64 {
  const n = x.shape[x.shape.length - 1] as number;
  const out = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length; r += n) out.set(fn(x.data.subarray(r, r + n)), r);
  return { data: out, shape: x.shape };
}

function logSumExp(row: Float64Array): number {
  const m = Math.max(...row);
  let s = 0;
  for (const v of row) s += Math.exp(v - m);
  return m + Math.log(s);
}

/** TensorFlow's output size and leading padding for one spatial axis. */
export function geometry(input: number, window: number, stride: number, padding: Pad): { out: number; before: number } {
  if (padding === 'valid') return { out: Math.floor((input - window) / stride) + 1, before: 0 };
  const out = Math.ceil(input / stride);
  return { out, before: Math.floor(Math.max((out - 1) * stride + window - input, 0) / 2) };
}

export const ref = {
  add: (a: F64 | number, b: F64 | number) => binary(a, b, (x, y) => x + y),
  sub: (a: F64 | number, b: F64 | number) => binary(a, b, (x, y) => x - y),
  mul: (a: F64 | number, b: F64 | number) => binary(a, b, (x, y) => x * y),
  div: (a: F64 | number, b: F64 | number) => binary(a, b, (x, y) => x / y),
  neg: (x: F64) => unary(x, (v) => -v),
  exp: (x: F64) => unary(x, Math.exp),
  log: (x: F64) => unary(x, Math.log),
  square: (x: F64) => unary(x, (v) => v * v),
  sigmoid: (x: F64) => unary(x, (v) => 1 / (1 + Math.exp(-v))),
  relu: (x: F64) => unary(x, (v) => Math.max(v, 0)),
  sum: (x: F64, axis?: number | readonly number[], keepDims = false) => reduce(x, axis, keepDims, 0, (a, v) => a + v),
  mean: (x: F64, axis?: number | readonly number[], keepDims = false) =>
    reduce(
      x,
      axis,
      keepDims,
      0,
      (a, v) => a + v,
      (a, n) => a / n,
    ),
  max: (x: F64, axis?: number | readonly number[], keepDims = false) =>
    reduce(x, axis, keepDims, Number.NEGATIVE_INFINITY, Math.max),
  softmax: (x: F64) =>
    rows(x, (row) => {
      const l = logSumExp(row);
      return row.map((v) => Math.exp(v - l));
    }),
  logSoftmax: (x: F64) =>
    rows(x, (row) => {
      const l = logSumExp(row);
      return row.map((v) => v - l);
    }),
  reshape: (x: F64, shape: readonly number[]): F64 => {
    const known = shape.filter((d) => d !== -1).reduce((n, d) => n * d, 1);
    return f64(
      x.data,
      shape.map((d) => (d === -1 ? x.data.length / known : d)),
    );
  },
  transpose: (x: F64, perm?: readonly number[]): F64 => {
    const p = perm ?? x.shape.map((_, i) => x.shape.length - 1 - i);
    const shape = p.map((i) => x.shape[i] as number);
    const xs = stridesOf(x.shape);
    const os = stridesOf(shape);
    const out = new Float64Array(x.data.length);
    for (let k = 0; k < out.length; k++) {
      let src = 0;
      for (let d = 0; d < shape.length; d++) {
        const i = Math.floor(k / (os[d] as number)) % (shape[d] as number);
        src += i * (xs[p[d] as number] as number);
      }
      out[k] = x.data[src] as number;
    }
    return { data: out, shape };
  },
  matmul: (a: F64, b: F64): F64 => {
    const [m, k] = a.shape as [number, number];
    const n = b.shape[1] as number;
    const out = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let p = 0; p < k; p++) {
        const av = a.data[i * k + p] as number;
        if (av === 0) continue;
        for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] as number) + av * (b.data[p * n + j] as number);
      }
    return { data: out, shape: [m, n] };
  },
  /** NHWC cross-correlation with zero padding, as TensorFlow's conv2d. */
  conv2d: (x: F64, f: F64, strides: Pair, padding: Pad): F64 => {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const [fh, fw, , o] = f.shape as [number, number, number, number];
    const gy = geometry(h, fh, strides[0], padding);
    const gx = geometry(w, fw, strides[1], padding);
    const out = new Float64Array(n * gy.out * gx.out * o);
    let k = 0;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < gy.out; i++)
        for (let j = 0; j < gx.out; j++)
          for (let q = 0; q < o; q++, k++) {
            let s = 0;
            for (let di = 0; di < fh; di++)
              for (let dj = 0; dj < fw; dj++) {
                const yi = i * strides[0] + di - gy.before;
                const xj = j * strides[1] + dj - gx.before;
                if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
                for (let ch = 0; ch < c; ch++) {
                  s +=
                    (x.data[((b * h + yi) * w + xj) * c + ch] as number) *
                    (f.data[((di * fw + dj) * c + ch) * o + q] as number);
                }
              }
            out[k] = s;
          }
    return { data: out, shape: [n, gy.out, gx.out, o] };
  },
  /** NHWC max-pooling; padded cells never win. */
  maxPool: (x: F64, size: Pair, strides: Pair, padding: Pad): F64 => {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const gy = geometry(h, size[0], strides[0], padding);
    const gx = geometry(w, size[1], strides[1], padding);
    const out = new Float64Array(n * gy.out * gx.out * c);
    let k = 0;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < gy.out; i++)
        for (let j = 0; j < gx.out; j++)
          for (let ch = 0; ch < c; ch++, k++) {
            let m = Number.NEGATIVE_INFINITY;
            for (let di = 0; di < size[0]; di++)
              for (let dj = 0; dj < size[1]; dj++) {
                const yi = i * strides[0] + di - gy.before;
                const xj = j * strides[1] + dj - gx.before;
                if (yi >= 0 && yi < h && xj >= 0 && xj < w)
                  m = Math.max(m, x.data[((b * h + yi) * w + xj) * c + ch] as number);
              }
            out[k] = m;
          }
    return { data: out, shape: [n, gy.out, gx.out, c] };
  },
};
