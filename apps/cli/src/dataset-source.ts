import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type FontDataset,
  generateFontDataset,
  loadFontDataset,
  normalize,
  saveFontDataset,
  shiftImages,
  split,
} from '@typeflow/data';
import type { LabeledData } from '@typeflow/nn';
import { dispose, tensor } from '@typeflow/tensor';
import { makeDirectories } from './directories.js';
import { UsageError } from './errors.js';
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
  makeDirectories(cacheDirectory(), '$TYPEFLOW_CACHE_DIR');
  await saveFontDataset(cached, dataset);
  return { dataset, source: 'built-in' };
}

/** Validation images of the book's split of `count` images: the first floor(10%) of the permutation. */
export function validationCount(count: number): number {
  return Math.floor(count * 0.1);
}

/**
 * Refuses a part of `dataset` with fewer images than classes: an accuracy over them says nothing
 * (and over none it is NaN). `name` says where the dataset came from.
 */
export function checkEvaluationImages(dataset: FontDataset, images: number, part: string, name: string): void {
  if (images < dataset.classes)
    throw new UsageError(
      `${name} has ${dataset.count} images, which leaves ${images} for ${part}, fewer than its ${dataset.classes} classes; use a dataset of at least ${10 * dataset.classes} images`,
    );
}

export interface SplitData {
  readonly train: LabeledData;
  readonly valid: LabeledData;
  dispose(): void;
}

/** Training-set augmentation: `copies` shifted copies of each training image, by up to `maxShift` px. */
export interface Augmentation {
  readonly copies: number;
  readonly maxShift: number;
}

/**
 * Pixels scaled to 0..1 as rows of height*width, split as the book splits (numpy permutation, first
 * 10% valid). With `augment`, the training set also holds shifted copies of its images (the validation
 * set never does).
 */
export function splitTensors(dataset: FontDataset, seed: number, augment?: Augmentation): SplitData {
  const parts = split(dataset.count, { seed, mode: 'numpy' });
  const pixels = dataset.height * dataset.width;
  const pick = (indices: Int32Array) => {
    const images = new Uint8Array(indices.length * pixels);
    indices.forEach((i, k) => {
      images.set(dataset.images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
    });
    return { images, labels: Array.from(indices, (i) => dataset.labels[i] as number) };
  };
  const asData = ({ images, labels }: { images: Uint8Array; labels: number[] }): LabeledData => ({
    x: tensor(normalize(images), [labels.length, pixels]),
    labels,
  });
  let train = pick(parts.train);
  if (augment) {
    const shifted = shiftImages(train.images, dataset.height, dataset.width, { ...augment, seed });
    const images = new Uint8Array(train.images.length + shifted.images.length);
    images.set(train.images);
    images.set(shifted.images, train.images.length);
    train = { images, labels: [...train.labels, ...Array.from(shifted.source, (i) => train.labels[i] as number)] };
  }
  const trainData = asData(train);
  const validData = asData(pick(parts.valid));
  return { train: trainData, valid: validData, dispose: () => dispose([trainData.x, validData.x]) };
}

/** All images as rows, with their labels (for evaluate and predict). */
export function allTensors(dataset: FontDataset): LabeledData {
  return {
    x: tensor(normalize(dataset.images), [dataset.count, dataset.height * dataset.width]),
    labels: Array.from(dataset.labels),
  };
}
