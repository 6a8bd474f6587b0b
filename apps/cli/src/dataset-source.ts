import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DataError,
  FONT_CHARACTERS,
  FONT_FAMILIES,
  type FontDataset,
  generateFontDataset,
  loadFontDataset,
  normalize,
  resolveFonts,
  saveFontDataset,
  shiftImages,
  split,
} from '@typeflow/data';
import type { LabeledData } from '@typeflow/nn';
import { dispose, tensor, tensorFrom } from '@typeflow/tensor';
import { makeDirectories } from './directories.js';
import { UsageError } from './errors.js';
import { cacheDirectory, userPath } from './paths.js';

/** Bump when the generator's output changes, so stale caches are not reused. */
const BUILT_IN_VERSION = 1;

/** Where a command's images come from: --data, or fonts to render (--fonts, --characters), else the built-in set. */
export interface DatasetChoice {
  readonly data?: string;
  readonly fonts?: readonly string[];
  readonly characters?: string;
}

export interface LoadedDataset {
  readonly dataset: FontDataset;
  /** The file it came from, 'built-in', or the fonts rendered ('fonts: A, B, C'). */
  readonly source: string;
  /** The characters drawn, in order, when the dataset was rendered here. */
  readonly characters?: string;
}

/**
 * The dataset at --data, or one rendered from fonts (--fonts, default the five built-in families, and
 * --characters): rendered once, then read from the cache, keyed by the font files' contents.
 */
export async function loadDataset(choice: DatasetChoice, log: (line: string) => void): Promise<LoadedDataset> {
  const { data, fonts, characters } = choice;
  if (data !== undefined) {
    if (fonts !== undefined) throw new UsageError('give either --data or --fonts, not both');
    if (characters !== undefined)
      throw new UsageError('--characters chooses the glyphs to render: use it with --fonts');
    return { dataset: await loadFontDataset(userPath(data)), source: userPath(data) };
  }
  if (fonts === undefined && characters === undefined) {
    const cached = join(cacheDirectory(), `fonts-v${BUILT_IN_VERSION}.npz`);
    const loaded = await cachedRender(cached, 'built-in', log, () => generateFontDataset());
    return { ...loaded, characters: FONT_CHARACTERS };
  }
  if (fonts !== undefined && fonts.length < 2) {
    throw new UsageError(`--fonts needs two or more fonts, one class each; got ${fonts.length}: ${fonts.join(' ')}`);
  }
  const specs = (fonts ?? FONT_FAMILIES).map(fontArgument);
  const chars = characters ?? FONT_CHARACTERS;
  const resolved = asFlag('--characters', 'characters', () => resolveFonts(specs, { characters: chars }));
  const key = createHash('sha256')
    .update(JSON.stringify([BUILT_IN_VERSION, chars, resolved.map((f) => [f.name, f.sha256])]))
    .digest('hex')
    .slice(0, 16);
  const source = `fonts: ${resolved.map((f) => f.name).join(', ')}`;
  const loaded = await cachedRender(join(cacheDirectory(), `fonts-${key}.npz`), source, log, () =>
    generateFontDataset({ fonts: resolved, characters: chars }),
  );
  return { ...loaded, characters: chars };
}

/** Runs `fn`; a DataError about `argument` is reported as the flag's fault. */
function asFlag<T>(flag: string, argument: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof DataError) || error.details.argument !== argument) throw error;
    throw new UsageError(`${flag} expected ${error.details.expected}, got ${error.details.actual}`);
  }
}

/** A font as the user typed it: a built-in family, an installed font's name, or a file from their folder. */
export function fontArgument(font: string): string {
  if ((FONT_FAMILIES as readonly string[]).includes(font)) return font;
  const looksLikeFile = /[/\\]|\.(ttf|otf|woff2?|ttc)$/i.test(font) || existsSync(userPath(font));
  return looksLikeFile ? userPath(font) : font;
}

async function cachedRender(
  cached: string,
  source: string,
  log: (line: string) => void,
  render: () => FontDataset,
): Promise<LoadedDataset> {
  if (existsSync(cached)) {
    try {
      return { dataset: await loadFontDataset(cached), source };
    } catch {
      log(`typeflow: the cached dataset ${cached} is unreadable; rendering it again`);
    }
  }
  log(
    `typeflow: rendering the ${source === 'built-in' ? 'built-in ' : ''}font dataset (once; it is cached for later runs)`,
  );
  const dataset = render();
  makeDirectories(cacheDirectory(), '$TYPEFLOW_CACHE_DIR');
  await saveFontDataset(cached, dataset);
  return { dataset, source };
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
  // Normalized straight into the tensor: a large (augmented) training set is not held twice.
  const asData = ({ images, labels }: { images: Uint8Array; labels: number[] }): LabeledData => ({
    x: tensorFrom([labels.length, pixels], (values) => normalize(images, values)),
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
