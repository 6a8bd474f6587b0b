import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type FontDataset,
  generateFontDataset,
  loadFontDataset,
  normalize,
  saveFontDataset,
  split,
} from '@typeflow/data';
import type { LabeledData } from '@typeflow/nn';
import { dispose, gather, keep, scope, tensor } from '@typeflow/tensor';
import { cacheDirectory, userPath } from './paths.js';

/** Bump when the generator's output changes, so stale caches are not reused. */
const BUILT_IN_VERSION = 1;

export interface LoadedDataset {
  readonly dataset: FontDataset;
  /** The file it came from, or 'built-in'. */
  readonly source: string;
}

/** The dataset at `path`, or the built-in generated one (rendered once, then read from the cache). */
export async function loadDataset(path: string | undefined, log: (line: string) => void): Promise<LoadedDataset> {
  if (path !== undefined) return { dataset: await loadFontDataset(userPath(path)), source: userPath(path) };
  const cached = join(cacheDirectory(), `fonts-v${BUILT_IN_VERSION}.npz`);
  if (existsSync(cached)) {
    try {
      return { dataset: await loadFontDataset(cached), source: 'built-in' };
    } catch {
      log(`typeflow: the cached dataset ${cached} is unreadable; rendering it again`);
    }
  }
  log('typeflow: rendering the built-in font dataset (once; it is cached for later runs)');
  const dataset = generateFontDataset();
  mkdirSync(cacheDirectory(), { recursive: true });
  await saveFontDataset(cached, dataset);
  return { dataset, source: 'built-in' };
}

export interface SplitData {
  readonly train: LabeledData;
  readonly valid: LabeledData;
  dispose(): void;
}

/** Pixels scaled to 0..1 as rows of height*width, split as the book splits (numpy permutation, first 10% valid). */
export function splitTensors(dataset: FontDataset, seed: number): SplitData {
  const parts = split(dataset.count, { seed, mode: 'numpy' });
  const pixels = dataset.height * dataset.width;
  const part = (indices: Int32Array): LabeledData => ({
    x: keep(
      scope(() =>
        gather(tensor(normalize(dataset.images), [dataset.count, pixels]), tensor(indices, [indices.length], 'int32')),
      ),
    ),
    labels: Array.from(indices, (i) => dataset.labels[i] as number),
  });
  const train = part(parts.train);
  const valid = part(parts.valid);
  return { train, valid, dispose: () => dispose([train.x, valid.x]) };
}

/** All images as rows, with their labels (for evaluate and predict). */
export function allTensors(dataset: FontDataset): LabeledData {
  return {
    x: tensor(normalize(dataset.images), [dataset.count, dataset.height * dataset.width]),
    labels: Array.from(dataset.labels),
  };
}
