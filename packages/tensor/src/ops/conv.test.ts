import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError, setBackend, tensor, ValueError } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { conv2d, maxPool } from './conv.js';

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
  stride: number,
  padding: Pad,
): number[] {
  const [n, h, w, c] = xs as [number, number, number, number];
  const [fh, fw, , o] = fs as [number, number, number, number];
  const gy = geometry(h, fh, stride, padding);
  const gx = geometry(w, fw, stride, padding);
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < gy.out; i++)
      for (let j = 0; j < gx.out; j++)
        for (let k = 0; k < o; k++) {
          let s = 0;
          for (let di = 0; di < fh; di++)
            for (let dj = 0; dj < fw; dj++) {
              const yi = i * stride + di - gy.before;
              const xj = j * stride + dj - gx.before;
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
