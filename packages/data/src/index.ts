export { type ShiftedImages, type ShiftOptions, shiftImages } from './augment.js';
export { type BatchOptions, batches } from './batches.js';
export { DataError, type DataErrorDetails } from './errors.js';
export { loadNpz, saveNpz } from './files.js';
export {
  type FontArraysOptions,
  type FontDataset,
  fontDatasetFromArrays,
  fontDatasetToArrays,
  loadFontDataset,
  readFontDataset,
  saveFontDataset,
} from './font-dataset.js';
export { type FontSpec, type ResolvedFont, type ResolveFontsOptions, resolveFonts } from './font-files.js';
export { FONT_CHARACTERS, FONT_FAMILIES, type FontFamily, type FontSource } from './fonts.js';
export { BOOK_JITTER_ORDER, type GenerateOptions, generateFontDataset } from './generate.js';
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
