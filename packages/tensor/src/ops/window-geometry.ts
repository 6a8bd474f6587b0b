import type { Shape } from '../types.js';

/** `same` pads so the output keeps ceil(input / stride); `valid` uses only full windows. */
export type Padding = 'same' | 'valid';

/** One spatial axis of a windowed op: TensorFlow's output size and padding before and after. */
export interface Axis1d {
  readonly input: number;
  readonly window: number;
  readonly stride: number;
  readonly out: number;
  readonly before: number;
  readonly after: number;
}

/** Both spatial axes of a windowed op over [batch, height, width, channels] images. */
export interface Windows {
  readonly batch: number;
  readonly channels: number;
  readonly rows: Axis1d;
  readonly cols: Axis1d;
}

function axis1d(input: number, window: number, stride: number, padding: Padding): Axis1d {
  if (padding === 'valid') {
    return { input, window, stride, out: Math.floor((input - window) / stride) + 1, before: 0, after: 0 };
  }
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + window - input, 0);
  const before = Math.floor(total / 2);
  return { input, window, stride, out, before, after: total - before };
}

export function windows(
  shape: Shape,
  window: readonly [number, number],
  strides: readonly [number, number],
  padding: Padding,
): Windows {
  const [batch, h, w, channels] = shape as [number, number, number, number];
  return {
    batch,
    channels,
    rows: axis1d(h, window[0], strides[0], padding),
    cols: axis1d(w, window[1], strides[1], padding),
  };
}
