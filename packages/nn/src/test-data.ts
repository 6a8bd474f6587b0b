/** Test support: the book's dataset as tensors, split as the book splits it (numpy seed 0). */
import { fileURLToPath } from 'node:url';
import { loadFontDataset, normalize, split } from '@typeflow/data';
import { gather, keep, scope, tensor } from '@typeflow/tensor';
import type { FitData } from './trainer.js';

/** The repository's root: tests read shared files beside it, at ../shared. */
export const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));

export async function bookData(): Promise<FitData> {
  const dataset = await loadFontDataset(`${SHARED}data/data_with_labels.npz`);
  const { train, valid } = split(dataset.count, { seed: 0, mode: 'numpy' });
  const pixels = dataset.height * dataset.width;
  const all = tensor(normalize(dataset.images), [dataset.count, pixels]);
  const take = (indices: Int32Array) => keep(scope(() => gather(all, tensor(indices, [indices.length], 'int32'))));
  const data = {
    train: { x: take(train), labels: Array.from(train, (i) => dataset.labels[i] as number) },
    valid: { x: take(valid), labels: Array.from(valid, (i) => dataset.labels[i] as number) },
  };
  all.dispose();
  return data;
}

/**
 * Entries whose float32 bits differ, per array and in all (a count, not a diff: vitest's diff of
 * 166,000 numbers takes minutes). Arrays of another length count in full.
 */
export function differing(a: ArrayLike<number> | readonly string[], b: ArrayLike<number> | readonly string[]): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  // Weights are numbers; a str array (an npz's class names) here is a test's mistake.
  if (typeof a[0] === 'string' || typeof b[0] === 'string') throw new Error('differing: numbers expected');
  const [x, y] = [Float32Array.from(a as ArrayLike<number>), Float32Array.from(b as ArrayLike<number>)];
  const [u, v] = [new Uint32Array(x.buffer), new Uint32Array(y.buffer)];
  let count = 0;
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) count++;
  return count;
}

/** `differing` for each parameter of two models' `checkpointArrays`, by name (all must be present in both). */
export function differingWeights(
  a: Record<string, { readonly data: ArrayLike<number> | readonly string[] }>,
  b: Record<string, { readonly data: ArrayLike<number> | readonly string[] }>,
): Record<string, number> {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return Object.fromEntries(
    names.map((name) => {
      const [x, y] = [a[name]?.data, b[name]?.data];
      return [name, x === undefined || y === undefined ? Number.NaN : differing(x, y)];
    }),
  );
}
