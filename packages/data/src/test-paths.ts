import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from a clone with `../shared/` beside it). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The book's dataset; never copied into the repository. */
export const BOOK_DATA = resolve(REPO_ROOT, '../shared/data/data_with_labels.npz');
export const NUMPY_PERMUTATIONS = resolve(REPO_ROOT, '../shared/data/numpy-permutation-2790.json');
/** Small files written once by numpy 2.4 (`np.savez`, `np.savez_compressed`, `np.save`). */
export const FIXTURES = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
