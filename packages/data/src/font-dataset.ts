import { argumentFault, describe } from './errors.js';
import { readBytes, writeFileAtomic } from './files.js';
import { type FontDataset, fontDatasetToArrays, readFontDataset } from './font-arrays.js';
import { writeNpz } from './npz.js';

// The file-free part (checks, arrays, reading bytes) lives in font-arrays.ts, which the browser entry also uses.
export {
  type FontArraysOptions,
  type FontDataset,
  fontDatasetFromArrays,
  fontDatasetToArrays,
  readFontDataset,
} from './font-arrays.js';

/** Reads a font dataset `.npz` (`arr_0` images uint8 [N, H, W], `arr_1` labels [N]) and checks it. */
export async function loadFontDataset(path: string): Promise<FontDataset> {
  return readFontDataset(await readBytes(path, 'loadFontDataset'), { file: path });
}

/** Writes `arr_0`, `arr_1` (the book's layout, which numpy and `loadFontDataset` read) and the class names. */
export async function saveFontDataset(path: string, dataset: FontDataset): Promise<void> {
  if (typeof path !== 'string' || path === '') argumentFault('saveFontDataset', 'path', 'a file path', describe(path));
  await writeFileAtomic(path, writeNpz(fontDatasetToArrays(dataset)));
}
