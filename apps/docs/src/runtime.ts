/**
 * The browser side of the runnable examples: the wasm backend, its .wasm files served by the site, and
 * the built-in dataset fetched once per page load. Node (the tests) needs none of this.
 */
import { type FontDataset, readFontDataset } from '@typeflow/data';
import { type Backend, getBackend, ready, setWasmPaths } from '@typeflow/tensor';
import { DATASET_FILE, WASM_DIR } from './site-paths.js';

let backend: Promise<Backend> | undefined;
let dataset: Promise<FontDataset> | undefined;

/** Readies the wasm backend (cpu where wasm cannot load) once; `base` is the site's base URL, e.g. '/'. */
export function browserBackend(base: string): Promise<Backend> {
  backend ??= (async () => {
    setWasmPaths(`${base}${WASM_DIR}`); // before the backend is first readied
    await ready();
    return getBackend();
  })();
  return backend;
}

/** The built-in font dataset, fetched and read once. */
export function browserDataset(base: string): Promise<FontDataset> {
  dataset ??= (async () => {
    const url = `${base}${DATASET_FILE}`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not fetch the dataset ${url}: HTTP ${response.status}`);
    return readFontDataset(new Uint8Array(await response.arrayBuffer()), { file: DATASET_FILE });
  })();
  dataset.catch(() => {
    dataset = undefined; // a failed fetch can be retried by pressing Run again
  });
  return dataset;
}
