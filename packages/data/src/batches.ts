import { argumentFault, assertNonNegativeInteger, assertPositiveInteger, assertSeed, describe } from './errors.js';
import { MT19937 } from './mt19937.js';

export interface BatchOptions {
  /** Indices per batch; the last batch holds the remainder. */
  readonly size: number;
  /** Shuffle 0..n-1 first (numpy's permutation of `seed`); default false. */
  readonly shuffle?: boolean;
  /** Required when shuffling, so the same seed gives the same batches. */
  readonly seed?: number;
}

/** Cuts 0..n-1 (shuffled or not) into batches of `size` indices. */
export function batches(n: number, options: BatchOptions): Int32Array[] {
  assertNonNegativeInteger(n, 'batches', 'n');
  if (typeof options !== 'object' || options === null) {
    argumentFault('batches', 'options', '{ size, shuffle?, seed? }', describe(options));
  }
  const { size, shuffle = false, seed } = options;
  assertPositiveInteger(size, 'batches', 'size');
  if (typeof shuffle !== 'boolean') argumentFault('batches', 'shuffle', 'true or false', describe(shuffle));
  let order: Int32Array;
  if (shuffle) {
    assertSeed(seed, 'batches');
    order = new MT19937(seed).permutation(n);
  } else {
    order = Int32Array.from({ length: n }, (_, i) => i);
  }
  const out: Int32Array[] = [];
  for (let start = 0; start < n; start += size) out.push(order.slice(start, start + size));
  return out;
}
