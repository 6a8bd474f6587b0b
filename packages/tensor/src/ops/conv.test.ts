import { beforeAll, describe, expect, it } from 'vitest';
import { memory, ShapeError, scope, setBackend, TypeflowError, tensor, ValueError } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, maxPool, maxPoolBackprop } from './conv.js';

type Pad = 'same' | 'valid';

/** TensorFlow's output size and leading padding for one spatial axis. */
function geometry(input: number, window: number, stride: number, padding: Pad): { out: number; before: number } {
  if (padding === 'valid') return { out: Math.ceil((input - window + 1) / stride), before: 0 };
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + window - input, 0);
  return { out, before: Math.floor(total / 2) };
}

/** Float64 NHWC conv2d (cross-correlation) with zero padding. */
function referenceConv(
  x: Float32Array,
  xs: number[],
  f: Float32Array,
  fs: number[],
  strides: number | readonly [number, number],
  padding: Pad,
): number[] {
  const [n, h, w, c] = xs as [number, number, number, number];
  const [fh, fw, , o] = fs as [number, number, number, number];
  const [sy, sx] = typeof strides === 'number' ? [strides, strides] : strides;
  const gy = geometry(h, fh, sy, padding);
  const gx = geometry(w, fw, sx, padding);
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < gy.out; i++)
      for (let j = 0; j < gx.out; j++)
        for (let k = 0; k < o; k++) {
          let s = 0;
          for (let di = 0; di < fh; di++)
            for (let dj = 0; dj < fw; dj++) {
              const yi = i * sy + di - gy.before;
              const xj = j * sx + dj - gx.before;
              if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
              for (let ch = 0; ch < c; ch++) {
                s += (x[((b * h + yi) * w + xj) * c + ch] as number) * (f[((di * fw + dj) * c + ch) * o + k] as number);
              }
            }
          out.push(s);
        }
  return out;
}

/** Float64 NHWC max-pooling; padded cells never win (they count as -Infinity). */
function referencePool(x: Float32Array, xs: number[], size: number, stride: number, padding: Pad): number[] {
  const [n, h, w, c] = xs as [number, number, number, number];
  const gy = geometry(h, size, stride, padding);
  const gx = geometry(w, size, stride, padding);
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < gy.out; i++)
      for (let j = 0; j < gx.out; j++)
        for (let ch = 0; ch < c; ch++) {
          let m = Number.NEGATIVE_INFINITY;
          for (let di = 0; di < size; di++)
            for (let dj = 0; dj < size; dj++) {
              const yi = i * stride + di - gy.before;
              const xj = j * stride + dj - gx.before;
              if (yi >= 0 && yi < h && xj >= 0 && xj < w)
                m = Math.max(m, x[((b * h + yi) * w + xj) * c + ch] as number);
            }
          out.push(m);
        }
  return out;
}

describe.each(BACKENDS)('conv2d and maxPool on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const xs = [2, 7, 6, 3];
  const x = randomValues(2 * 7 * 6 * 3, 9);

  it.each([
    ['valid', 1],
    ['same', 1],
    ['same', 2],
    ['valid', 2],
  ] as const)('conv2d with %s padding and stride %i matches float64', (padding, stride) => {
    const fs = [3, 3, 3, 4];
    const f = randomValues(3 * 3 * 3 * 4, 10);
    const out = conv2d(tensor(x, xs), tensor(f, fs), { padding, strides: stride });
    const gy = geometry(7, 3, stride, padding);
    const gx = geometry(6, 3, stride, padding);
    expect(out.shape).toEqual([2, gy.out, gx.out, 4]);
    assertClose(out.dataSync(), referenceConv(x, xs, f, fs, stride, padding), { rtol: 1e-5, atol: 1e-5 });
  });

  // wasm's own 'same' padding gave all zeros here: stride 3 past a width-2 window leaves input unused.
  it.each([
    ['same', [2, 3], [3, 2]],
    ['same', [3, 3], [2, 2]],
    ['valid', [2, 3], [3, 2]],
  ] as const)('conv2d with %s padding, strides %j, filter %j matches float64', (padding, strides, window) => {
    const fs = [window[0], window[1], 3, 4];
    const f = randomValues(
      fs.reduce((a, b) => a * b),
      11,
    );
    const out = conv2d(tensor(x, xs), tensor(f, fs), { padding, strides });
    assertClose(out.dataSync(), referenceConv(x, xs, f, fs, strides, padding), { rtol: 1e-5, atol: 1e-5 });
  });

  it.each([
    ['valid', 2, 2],
    ['same', 2, 2],
    ['same', 3, 1],
  ] as const)('maxPool with %s padding, size %i, stride %i matches float64', (padding, size, stride) => {
    const out = maxPool(tensor(x, xs), { size, strides: stride, padding });
    assertClose(out.dataSync(), referencePool(x, xs, size, stride, padding), { rtol: 0, atol: 0 });
  });

  it('refuses a kernel larger than the input with valid padding, and mismatched channels', () => {
    expect(() => conv2d(tensor(x, xs), tensor(randomValues(8 * 8 * 3, 1), [8, 8, 3, 1]))).toThrow(ShapeError);
    expect(() => conv2d(tensor(x, xs), tensor(randomValues(9 * 2, 1), [3, 3, 2, 1]))).toThrow(/3 channels/);
    expect(() => maxPool(tensor(x, xs), { size: 0 })).toThrow(ValueError);
  });
});

type Pair = readonly [number, number];

/**
 * Calls `visit` for every (window, tap) pair of a windowed op over NHWC images of shape `xs` whose
 * tap lands inside the image: output position (b, i, j), tap (di, dj), input position (yi, xj).
 */
function forEachTap(
  xs: number[],
  window: Pair,
  stride: Pair,
  padding: Pad,
  visit: (b: number, i: number, j: number, di: number, dj: number, yi: number, xj: number) => void,
): { rows: number; cols: number } {
  const [n, h, w] = xs as [number, number, number, number];
  const gy = geometry(h, window[0], stride[0], padding);
  const gx = geometry(w, window[1], stride[1], padding);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < gy.out; i++)
      for (let j = 0; j < gx.out; j++)
        for (let di = 0; di < window[0]; di++)
          for (let dj = 0; dj < window[1]; dj++) {
            const yi = i * stride[0] + di - gy.before;
            const xj = j * stride[1] + dj - gx.before;
            if (yi >= 0 && yi < h && xj >= 0 && xj < w) visit(b, i, j, di, dj, yi, xj);
          }
  return { rows: gy.out, cols: gx.out };
}

function outputShape(xs: number[], window: Pair, stride: Pair, padding: Pad, channels: number): number[] {
  const [n, h, w] = xs as [number, number, number, number];
  return [n, geometry(h, window[0], stride[0], padding).out, geometry(w, window[1], stride[1], padding).out, channels];
}

/** Float64 gradients of conv2d: with respect to x and to the filter, given dy. */
function referenceConvGrads(
  x: Float32Array,
  xs: number[],
  f: Float32Array,
  fs: number[],
  dy: Float32Array,
  stride: Pair,
  padding: Pad,
): { dx: Float64Array; df: Float64Array } {
  const [, h, w, c] = xs as [number, number, number, number];
  const [fh, fw, , o] = fs as [number, number, number, number];
  const dx = new Float64Array(x.length);
  const df = new Float64Array(f.length);
  const [, rows, cols] = outputShape(xs, [fh, fw], stride, padding, o) as [number, number, number, number];
  forEachTap(xs, [fh, fw], stride, padding, (b, i, j, di, dj, yi, xj) => {
    for (let k = 0; k < o; k++) {
      const g = dy[((b * rows + i) * cols + j) * o + k] as number;
      for (let ch = 0; ch < c; ch++) {
        const xi = ((b * h + yi) * w + xj) * c + ch;
        const fi = ((di * fw + dj) * c + ch) * o + k;
        dx[xi] = (dx[xi] as number) + g * (f[fi] as number);
        df[fi] = (df[fi] as number) + g * (x[xi] as number);
      }
    }
  });
  return { dx, df };
}

/** Float64 maxPool gradient: each window's dy goes to its first maximum in row-major order. */
function referencePoolGrad(x: Float32Array, xs: number[], dy: Float32Array, size: Pair, stride: Pair, padding: Pad) {
  const [, h, w, c] = xs as [number, number, number, number];
  const [, rows, cols] = outputShape(xs, size, stride, padding, c) as [number, number, number, number];
  const dx = new Float64Array(x.length);
  const best = new Map<number, { value: number; at: number }>();
  forEachTap(xs, size, stride, padding, (b, i, j, _di, _dj, yi, xj) => {
    for (let ch = 0; ch < c; ch++) {
      const out = ((b * rows + i) * cols + j) * c + ch;
      const at = ((b * h + yi) * w + xj) * c + ch;
      const current = best.get(out);
      if (current === undefined || (x[at] as number) > current.value) best.set(out, { value: x[at] as number, at });
    }
  });
  for (const [out, { at }] of best) dx[at] = (dx[at] as number) + (dy[out] as number);
  return dx;
}

describe.each(BACKENDS)('conv2d and maxPool gradients on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const xs = [2, 7, 6, 3];
  const x = randomValues(2 * 7 * 6 * 3, 21);

  // Sums of at most 2 * 7 * 6 = 84 (filter) or 3 * 3 * 4 = 36 (input) float32 products of values
  // below 1: a few float32 ulps of such a sum is below 1e-5.
  const convTolerance = { rtol: 1e-5, atol: 1e-5 };

  it.each([
    ['valid', [1, 1], [3, 3]],
    ['same', [1, 1], [3, 3]],
    ['same', [2, 2], [3, 3]],
    ['valid', [2, 2], [3, 3]],
    ['same', [2, 3], [3, 2]],
    ['valid', [3, 2], [2, 4]],
    ['same', [1, 1], [4, 4]],
  ] as const)(
    'conv2dBackpropInput and conv2dBackpropFilter with %s padding, strides %j, window %j match float64',
    (padding, strides, window) => {
      const fs = [window[0], window[1], 3, 4];
      const f = randomValues(
        fs.reduce((a, b) => a * b),
        22,
      );
      const ys = outputShape(xs, window, strides, padding, 4);
      const dy = randomValues(
        ys.reduce((a, b) => a * b),
        23,
      );
      const expected = referenceConvGrads(x, xs, f, fs, dy, strides, padding);
      const options = { strides, padding };
      const dx = conv2dBackpropInput(tensor(dy, ys), tensor(f, fs), xs, options);
      expect(dx.shape).toEqual(xs);
      assertClose(dx.dataSync(), expected.dx, convTolerance);
      const df = conv2dBackpropFilter(tensor(x, xs), tensor(dy, ys), fs, options);
      expect(df.shape).toEqual(fs);
      assertClose(df.dataSync(), expected.df, convTolerance);
    },
  );

  // A filter with no more taps than out-channels takes the patch route (the book cnn2's first layer).
  it.each([
    ['same', [1, 1], [3, 3, 1, 16]],
    ['valid', [2, 2], [3, 3, 1, 9]],
    ['same', [2, 3], [2, 2, 2, 8]],
  ] as const)(
    'conv2dBackpropFilter with %s padding, strides %j, filter %j (patch route) matches float64',
    (padding, strides, filter) => {
      const fs: number[] = [...filter];
      const shape = [2, 7, 6, filter[2]];
      const input = randomValues(
        shape.reduce((a, b) => a * b),
        27,
      );
      const f = randomValues(
        fs.reduce((a, b) => a * b),
        28,
      );
      const ys = outputShape(shape, [filter[0], filter[1]], strides, padding, filter[3]);
      const dy = randomValues(
        ys.reduce((a, b) => a * b),
        29,
      );
      const expected = referenceConvGrads(input, shape, f, fs, dy, strides, padding);
      const df = conv2dBackpropFilter(tensor(input, shape), tensor(dy, ys), fs, { strides, padding });
      expect(df.shape).toEqual(fs);
      assertClose(df.dataSync(), expected.df, convTolerance);
    },
  );

  // maxPoolBackprop moves dy values, adding them where windows overlap (at most 9 here): a float32
  // sum of 9 positive values is within 9 * 2^-24 < 1e-6 of the float64 sum, relatively.
  it.each([
    ['valid', [2, 2], [2, 2]],
    ['same', [2, 2], [2, 2]],
    ['same', [3, 3], [1, 1]],
    ['valid', [3, 3], [2, 2]],
    ['same', [2, 3], [3, 2]],
    ['same', [3, 3], [3, 3]],
    ['valid', [3, 2], [3, 2]],
    ['valid', [2, 2], [2, 2], [2, 6, 8, 8]],
    ['same', [2, 2], [2, 2], [2, 6, 8, 8]],
    ['valid', [3, 2], [3, 2], [2, 7, 8, 4]],
    ['same', [3, 3], [1, 1], [2, 6, 8, 8]],
  ] as const)(
    'maxPoolBackprop with %s padding, size %j, strides %j, x %j matches float64',
    (padding, size, strides, given?: readonly number[]) => {
      // Tiled windows over a multiple of 4 channels take wasm's SIMD kernel (the book CNNs'), the
      // others its loop; x [2, 7, 8, 4] also has a row no window covers.
      const options = { size, strides, padding };
      const shape = given === undefined ? xs : [...given];
      const input =
        given === undefined
          ? x
          : randomValues(
              shape.reduce((a, b) => a * b),
              30,
            );
      for (const [values, label] of [
        [input, 'values in [-1, 1)'],
        [randomValues(input.length, 24, -2, -1), 'all negative (the wasm MaxPoolGrad kernel drops these)'],
        [input.map((v) => Math.max(Math.round(v), 0)), 'ties of 0 and 1, as after relu'],
      ] as const) {
        const xt = tensor(values, shape);
        const y = maxPool(xt, options);
        const dy = randomValues(y.size, 25, 1, 2);
        const dx = maxPoolBackprop(tensor(dy, y.shape), xt, y, options);
        expect(dx.shape, label).toEqual(shape);
        assertClose(dx.dataSync(), referencePoolGrad(values, shape, dy, size, strides, padding), {
          rtol: 1e-6,
          atol: 0,
        });
      }
    },
  );

  it('releases every intermediate', () => {
    const xt = tensor(x, xs);
    const f = tensor(randomValues(3 * 3 * 3 * 4, 26), [3, 3, 3, 4]);
    const options = { strides: 2, padding: 'same' } as const;
    const dy = conv2d(xt, f, options);
    const y = maxPool(xt, { size: 3, strides: 2, padding: 'same' });
    const before = memory().numTensors;
    const results = [
      conv2dBackpropInput(dy, f, xs, options),
      conv2dBackpropFilter(xt, dy, f.shape, options),
      maxPoolBackprop(y, xt, y, { size: 3, strides: 2, padding: 'same' }),
    ];
    expect(memory().numTensors).toBe(before + results.length);
  });

  it('refuses wrong shapes, options and disposed tensors, naming the argument', () => {
    const xt = tensor(x, xs);
    const f = tensor(randomValues(3 * 3 * 3 * 4, 27), [3, 3, 3, 4]);
    const dy = conv2d(xt, f);
    expect(() => conv2dBackpropInput(dy, f, [2, 7, 6, 3], { padding: 'same' })).toThrow(
      /'dy' expected shape \[2, 7, 6, 4\]/,
    );
    expect(() => conv2dBackpropInput(dy, f, [2, 7, 6, 2])).toThrow(ShapeError);
    expect(() => conv2dBackpropInput(dy, f, [2, 7, 6] as unknown as number[])).toThrow(/'inputShape'/);
    expect(() => conv2dBackpropFilter(xt, dy, [3, 3, 3, 5])).toThrow(/'dy' expected shape \[2, 5, 4, 5\]/);
    expect(() => conv2dBackpropFilter(xt, dy, [3, 3, 2, 4])).toThrow(/3 channels/);
    expect(() => conv2dBackpropFilter(xt, dy, f.shape, { padding: 'full' as 'same' })).toThrow(ValueError);
    const y = maxPool(xt, { size: 2 });
    expect(() => maxPoolBackprop(y, xt, y, { size: 3 })).toThrow(/'y' expected shape \[2, 2, 2, 3\]/);
    expect(() => maxPoolBackprop(dy, xt, y, { size: 2 })).toThrow(/'dy'/);
    expect(() => maxPoolBackprop(y, xt, y, { size: 8 })).toThrow(ShapeError);
    const gone = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    gone.dispose();
    expect(() => maxPoolBackprop(gone, xt, y, { size: 2 })).toThrow(TypeflowError);
    expect(() => scope(() => conv2dBackpropFilter(gone, dy, f.shape))).toThrow(/a disposed Tensor/);
  });
});
