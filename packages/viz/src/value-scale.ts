import { scaleLinear } from 'd3-scale';
import { LEVELS } from './colormap.js';

/** Maps data values to colour levels 0..255 (clamped); -1 marks a missing (non-finite) value. */
export interface ValueScale {
  readonly domain: readonly [number, number];
  level(value: number): number;
}

export interface ValueScaleOptions {
  /** A fixed `[low, high]`; otherwise the extent of the finite values. */
  readonly domain?: readonly [number, number] | undefined;
  /** Makes the domain symmetric about this value (for diverging maps: zero is white). */
  readonly center?: number | undefined;
}

/** The smallest and largest finite value, or undefined when there is none. */
export function finiteExtent(arrays: Iterable<ArrayLike<number>>): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

export function valueScale(arrays: Iterable<ArrayLike<number>>, options: ValueScaleOptions = {}): ValueScale {
  const domain = options.domain ? [options.domain[0], options.domain[1]] : resolveDomain(arrays, options.center);
  const scale = scaleLinear()
    .domain(domain)
    .range([0, LEVELS - 1])
    .clamp(true);
  return {
    domain: [domain[0] as number, domain[1] as number],
    level: (v) => (Number.isFinite(v) ? Math.round(scale(v)) : -1),
  };
}

function resolveDomain(arrays: Iterable<ArrayLike<number>>, center: number | undefined): [number, number] {
  const extent = finiteExtent(arrays);
  if (center !== undefined) {
    const reach = extent ? Math.max(Math.abs(extent[0] - center), Math.abs(extent[1] - center)) : 0;
    // An all-equal (e.g. zero-initialised) weight matrix still gets a usable, centred bar.
    const half = reach > 0 ? reach : 1;
    return [center - half, center + half];
  }
  if (!extent) return [0, 1];
  // A constant image: widen by one unit so the colour bar has a range; the value maps to mid-scale.
  return extent[0] < extent[1] ? extent : [extent[0] - 1, extent[1] + 1];
}
