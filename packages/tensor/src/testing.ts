/**
 * Helpers for tests of typeflow and of code built on it (`@typeflow/tensor/testing`): the backends
 * to run every check on, a seeded source of test inputs, and a tolerance comparison.
 */
import type { Backend } from './types.js';

/** Every backend typeflow supports; tests run each check on all of them. */
export const BACKENDS: readonly Backend[] = ['cpu', 'wasm'];

export interface Tolerance {
  /** Allowed difference relative to |expected|. */
  readonly rtol?: number;
  /** Allowed absolute difference, for values near zero. */
  readonly atol?: number;
}

/**
 * Throws unless every |actual - expected| <= atol + rtol * |expected| (numpy's `allclose`), naming
 * the worst element. NaN matches NaN and infinities must match exactly.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: Tolerance = {}): void {
  const { rtol = 1e-5, atol = 1e-6 } = tolerance;
  if (actual.length !== expected.length) {
    throw new Error(`assertClose: ${actual.length} values, expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!Number.isFinite(e) && a === e) continue;
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(
      `assertClose: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`,
    );
  }
}

/** A seeded generator of uniform numbers in [0, 1) (mulberry32), for reproducible test inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` seeded uniform numbers in [min, max), rounded to float32 so references see the same inputs. */
export function randomValues(count: number, seed: number, min = -1, max = 1): Float32Array {
  const next = seededRandom(seed);
  return Float32Array.from({ length: count }, () => min + (max - min) * next());
}
