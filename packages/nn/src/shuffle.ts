/**
 * A seeded permutation of 0..n-1 (mulberry32 + Fisher-Yates). Written here rather than taken from
 * @typeflow/data because nn depends on data only for checkpoint files (DESIGN.md); minibatch order is
 * part of the trainer, and a run resumed at epoch e must draw the same order as an uninterrupted one,
 * so each epoch's order depends only on (seed, epoch).
 */
export function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  let state = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(epoch | 0, 0x85ebca6b)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}

/** One step's batch: the rows of the training set it trains on (null: all of them) and its index in the run. */
export interface Batch {
  readonly rows: Int32Array | null;
  readonly index: number;
}

/**
 * The batches of epoch `epoch` (1-based): the whole set once, or minibatches of `batchSize` in the
 * epoch's seeded order. Step indices count on from the previous epochs', so they seed Dropout the
 * same way in a resumed run.
 */
export function epochBatches(count: number, batchSize: number | 'full', seed: number, epoch: number): Batch[] {
  if (batchSize === 'full' || batchSize >= count) return [{ rows: null, index: epoch - 1 }];
  const order = epochPermutation(count, seed, epoch);
  const steps = Math.ceil(count / batchSize);
  return Array.from({ length: steps }, (_, step) => ({
    rows: order.subarray(step * batchSize, Math.min((step + 1) * batchSize, count)),
    index: (epoch - 1) * steps + step,
  }));
}
