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
