import { argumentFault, DataError, describe, fileFault } from './errors.js';
import type { NpyArray } from './npy.js';
import { readNpz } from './npz.js';

/**
 * The book's font dataset in typed arrays. Image i is `images[i*height*width ..]`, rows stored bottom row
 * first (the book drew them with `pcolor`), 0 = paper, 255 = ink; `labels[i]` is its font, 0..classes-1.
 */
export interface FontDataset {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  /** 36 for the book's and the generated data. */
  readonly height: number;
  readonly width: number;
  /** 5 for the book's and the generated data. */
  readonly classes: number;
  readonly classNames: string[];
}

export interface FontArraysOptions {
  /** Names the file in error messages. */
  readonly file?: string;
  /** Number of fonts; default `classNames.length`, else 5 as in the book. */
  readonly classes?: number;
  /** Default `['font 0', ...]`: the book's file does not name its fonts. */
  readonly classNames?: readonly string[];
}

/**
 * Optional: the class names as numpy's str array (`np.load(f)['class_names']` gives them). Files
 * written by typeflow before version 0.1 hold them as UTF-8 JSON in a uint8 array; those still load.
 */
const CLASS_NAMES_ENTRY = 'class_names';

/**
 * Reads a font dataset from the bytes of an `.npz` (`arr_0` images uint8 [N, H, W], `arr_1` labels [N],
 * optional `class_names`) and checks it. No file system: in a browser, pass the bytes of a `fetch`.
 */
export function readFontDataset(bytes: Uint8Array, options: { readonly file?: string } = {}): FontDataset {
  if (!(bytes instanceof Uint8Array)) argumentFault('readFontDataset', 'bytes', 'a Uint8Array', describe(bytes));
  const file = options.file ?? 'font dataset';
  const arrays = readNpz(bytes, { file });
  const images = arrays.arr_0;
  const labels = arrays.arr_1;
  if (!images) fileFault(file, "missing 'arr_0' (the images)", 'arr_0 and arr_1', listNames(arrays));
  if (!labels) fileFault(file, "missing 'arr_1' (the labels)", 'arr_0 and arr_1', listNames(arrays));
  const names = arrays[CLASS_NAMES_ENTRY];
  const classNames = names ? decodeClassNames(names, `${file}/${CLASS_NAMES_ENTRY}.npy`) : undefined;
  return fontDatasetFromArrays(images, labels, { file, classNames });
}

/** The arrays `saveFontDataset` writes, checked first. */
export function fontDatasetToArrays(dataset: FontDataset): Record<string, NpyArray> {
  if (typeof dataset !== 'object' || dataset === null) {
    argumentFault('fontDatasetToArrays', 'dataset', 'a FontDataset', describe(dataset));
  }
  const { images, labels, count, height, width, classes, classNames } = dataset;
  const arr0: NpyArray = { dtype: 'uint8', shape: [count, height, width], data: images };
  const arr1: NpyArray = { dtype: 'uint8', shape: [count], data: labels };
  const checked = renamed(() => fontDatasetFromArrays(arr0, arr1, { classes, classNames }));
  return { arr_0: arr0, arr_1: arr1, [CLASS_NAMES_ENTRY]: encodeClassNames(checked.classNames) };
}

/** Checks and wraps images uint8 [N, H, W] and integer labels [N] (uint8 or int32) in 0..classes-1. */
export function fontDatasetFromArrays(
  images: NpyArray,
  labels: NpyArray,
  options: FontArraysOptions = {},
): FontDataset {
  const { file, classNames: names } = options;
  const classes = options.classes ?? names?.length ?? 5;
  // Declared with its type so TypeScript narrows after each call.
  const fault: (entry: string, what: string, expected: string, actual: string) => never = (
    entry,
    what,
    expected,
    actual,
  ) =>
    file === undefined
      ? argumentFault('fontDatasetFromArrays', entry === 'arr_0' ? 'images' : 'labels', expected, actual)
      : fileFault(`${file}/${entry}.npy`, what, expected, actual);
  if (!Number.isInteger(classes) || classes < 1 || classes > 256) {
    argumentFault('fontDatasetFromArrays', 'classes', 'an integer in 1..256', describe(classes));
  }
  const named = (n: unknown) => typeof n === 'string' && n !== '' && !n.includes('\0');
  if (names !== undefined && (names.length !== classes || !names.every(named) || new Set(names).size !== classes)) {
    argumentFault('fontDatasetFromArrays', 'classNames', `${classes} distinct non-empty strings`, describe(names));
  }
  if (images?.dtype !== 'uint8' || !(images.data instanceof Uint8Array)) {
    fault('arr_0', 'images must be uint8', 'dtype uint8', describe(images?.dtype));
  }
  if (images.shape.length !== 3) fault('arr_0', 'images must be rank 3', '[N, height, width]', shapeText(images.shape));
  const [count, height, width] = images.shape as [number, number, number];
  if (images.data.length !== count * height * width) {
    fault('arr_0', 'images data does not match its shape', `${count * height * width} pixels`, `${images.data.length}`);
  }
  if (!(labels?.dtype === 'uint8' || labels?.dtype === 'int32')) {
    fault('arr_1', 'labels must be integers', 'dtype uint8 or int32', describe(labels?.dtype));
  }
  if (labels.shape.length !== 1) fault('arr_1', 'labels must be rank 1', '[N]', shapeText(labels.shape));
  if (labels.data.length !== count) {
    fault('arr_1', 'images and labels have different lengths', `${count} labels`, `${labels.data.length}`);
  }
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i] as number;
    if (label < 0 || label >= classes) {
      fault('arr_1', `label at index ${i} outside 0..${classes - 1}`, `0..${classes - 1}`, `${label}`);
    }
    out[i] = label;
  }
  const classNames = names ? [...names] : Array.from({ length: classes }, (_, c) => `font ${c}`);
  return { images: images.data, labels: out, count, height, width, classes, classNames };
}

function encodeClassNames(names: readonly string[]): NpyArray {
  return { dtype: 'unicode', shape: [names.length], data: names };
}

function decodeClassNames(array: NpyArray, file: string): string[] {
  if (array.dtype === 'unicode' && array.shape.length === 1) return [...array.data];
  try {
    if (array.dtype !== 'uint8') throw new Error('not uint8');
    const names: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(array.data));
    if (Array.isArray(names) && names.every((n) => typeof n === 'string')) return names;
  } catch {}
  return fileFault(file, 'bad class names', 'a str array [classes] (or, from older files, UTF-8 JSON bytes)');
}

/** Runs the check of `fontDatasetFromArrays` but names `fontDatasetToArrays` in its errors. */
function renamed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    throw new DataError(error.message.replace('fontDatasetFromArrays', 'fontDatasetToArrays'), error.details);
  }
}

function listNames(arrays: Record<string, unknown>): string {
  return Object.keys(arrays).join(', ') || 'no arrays';
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
