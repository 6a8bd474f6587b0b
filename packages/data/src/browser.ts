/**
 * The browser entry of `@typeflow/data` (the `browser` export condition): everything that needs neither a
 * file system nor the native font renderer. In a browser, `fetch` a file and pass its bytes to `readNpz` or
 * `readFontDataset`. The Node-only functions exist here too, so code shared with Node still bundles, but
 * they throw a `DataError` that says what to use instead.
 */
import { DataError } from './errors.js';
import type * as node from './index.js';

export { type ShiftedImages, type ShiftOptions, shiftImages } from './augment.js';
export { type BatchOptions, batches } from './batches.js';
export { DataError, type DataErrorDetails } from './errors.js';
export {
  type FontArraysOptions,
  type FontDataset,
  fontDatasetFromArrays,
  fontDatasetToArrays,
  readFontDataset,
} from './font-arrays.js';
export type { FontSpec, ResolvedFont, ResolveFontsOptions } from './font-files.js';
export type { FontFamily, FontSource } from './fonts.js';
export type { GenerateOptions } from './generate.js';
export { MT19937 } from './mt19937.js';
export {
  type NpyArray,
  type NpyDType,
  type NpyNumericArray,
  type NpyNumericDType,
  type NpyReadOptions,
  type NpyUnicodeArray,
  readNpy,
  writeNpy,
} from './npy.js';
export { type NpzReadOptions, type NpzWriteOptions, readNpz, writeNpz } from './npz.js';
export { type Split, type SplitOptions, split } from './split.js';
export { normalize, oneHot } from './transforms.js';

/** Node only: throws. In a browser, `fetch` the file and pass its bytes to `readNpz`. */
export const loadNpz: typeof node.loadNpz = async () => nodeOnly('loadNpz', 'fetch the file and call readNpz(bytes)');

/** Node only: throws. In a browser, `writeNpz(arrays)` gives the bytes to download or upload. */
export const saveNpz: typeof node.saveNpz = async () => nodeOnly('saveNpz', 'writeNpz(arrays) and save the bytes');

/** Node only: throws. In a browser, `fetch` the file and pass its bytes to `readFontDataset`. */
export const loadFontDataset: typeof node.loadFontDataset = async () =>
  nodeOnly('loadFontDataset', 'fetch the file and call readFontDataset(bytes)');

/** Node only: throws. In a browser, `writeNpz(fontDatasetToArrays(dataset))` gives the bytes. */
export const saveFontDataset: typeof node.saveFontDataset = async () =>
  nodeOnly('saveFontDataset', 'writeNpz(fontDatasetToArrays(dataset)) and save the bytes');

/** Node only (it renders with the native `@napi-rs/canvas`): throws. Fetch a dataset written in Node instead. */
export const generateFontDataset: typeof node.generateFontDataset = () =>
  nodeOnly('generateFontDataset', 'a dataset written in Node by saveFontDataset, fetched and read by readFontDataset');

/** Node only (it reads font files and asks fontconfig): throws. */
export const resolveFonts: typeof node.resolveFonts = () =>
  nodeOnly('resolveFonts', 'a dataset written in Node by saveFontDataset, fetched and read by readFontDataset');

function nodeOnly(fn: string, instead: string): never {
  throw new DataError(`${fn}: not available in the browser (it needs Node); use ${instead}`, {
    expected: 'Node.js',
    actual: 'a browser',
  });
}
