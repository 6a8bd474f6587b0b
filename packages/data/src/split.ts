import { argumentFault, assertPositiveInteger, assertSeed, describe } from './errors.js';
import { MT19937 } from './mt19937.js';

export interface SplitOptions {
  /** The share of indices held out for validation, in [0, 1); default 0.1 as in the book. */
  readonly validFraction?: number;
  /** numpy's legacy seed, 0..2^32-1 (the book uses 0). */
  readonly seed: number;
  /**
   * `numpy` (default): validation = the first floor(validFraction * n) indices of
   * `np.random.seed(seed); np.random.permutation(n)`, the rest training, exactly as the book splits.
   * `stratified`: the same permutation, but each class gives floor(validFraction * its count) to
   * validation (needs `labels`).
   */
  readonly mode?: 'numpy' | 'stratified';
  /** One class label per index; required by the `stratified` mode. */
  readonly labels?: ArrayLike<number>;
}

export interface Split {
  readonly train: Int32Array;
  readonly valid: Int32Array;
}

/** Splits 0..n-1 into training and validation indices, both in permutation order. */
export function split(n: number, options: SplitOptions): Split {
  assertPositiveInteger(n, 'split', 'n');
  if (typeof options !== 'object' || options === null) argumentFault('split', 'options', '{ seed }', describe(options));
  const { validFraction = 0.1, seed, mode = 'numpy', labels } = options;
  if (typeof validFraction !== 'number' || !(validFraction >= 0 && validFraction < 1)) {
    argumentFault('split', 'validFraction', 'a number in [0, 1)', describe(validFraction));
  }
  assertSeed(seed, 'split');
  const order = new MT19937(seed).permutation(n);
  if (mode === 'numpy') {
    const validCount = Math.floor(validFraction * n);
    return { valid: order.slice(0, validCount), train: order.slice(validCount) };
  }
  if (mode !== 'stratified') argumentFault('split', 'mode', "'numpy' or 'stratified'", describe(mode));
  if (labels === undefined || labels.length !== n) {
    argumentFault('split', 'labels', `${n} labels for the stratified mode`, describe(labels));
  }
  return stratified(order, labels, validFraction);
}

function stratified(order: Int32Array, labels: ArrayLike<number>, validFraction: number): Split {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label)) argumentFault('split', `labels[${i}]`, 'an integer class', describe(label));
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const quota = new Map([...counts].map(([label, count]) => [label, Math.floor(validFraction * count)]));
  const valid: number[] = [];
  const train: number[] = [];
  for (const index of order) {
    const label = labels[index] as number;
    const left = quota.get(label) as number;
    if (left > 0) {
      valid.push(index);
      quota.set(label, left - 1);
    } else {
      train.push(index);
    }
  }
  return { train: Int32Array.from(train), valid: Int32Array.from(valid) };
}
