import { argumentFault, describe, fileFault } from './errors.js';
import { assertNpyArray, type NpyArray, readNpy, writeNpy } from './npy.js';
import { unzipChecked, zipFiles } from './zip.js';

export interface NpzReadOptions {
  /** Names the file in error messages. */
  readonly file?: string;
}

export interface NpzWriteOptions {
  /** Deflate each entry like `np.savez_compressed`; default false, stored like `np.savez`. */
  readonly compress?: boolean;
}

/** Reads an `.npz` (a zip of `.npy` files) into arrays named as numpy names them (`arr_0`, `W`, ...). */
export function readNpz(bytes: Uint8Array, options: NpzReadOptions = {}): Record<string, NpyArray> {
  const file = options.file ?? 'npz data';
  if (!(bytes instanceof Uint8Array)) argumentFault('readNpz', 'bytes', 'a Uint8Array', describe(bytes));
  const arrays: Record<string, NpyArray> = {};
  for (const [entry, data] of unzipChecked(bytes, file)) {
    if (!entry.endsWith('.npy')) fileFault(file, `zip entry '${entry}' is not an .npy file`);
    arrays[entry.slice(0, -'.npy'.length)] = readNpy(data, { file: `${file}/${entry}` });
  }
  return arrays;
}

/** Writes arrays as an `.npz` that `np.load` reads; the same arrays always give the same bytes. */
export function writeNpz(arrays: Record<string, NpyArray>, options: NpzWriteOptions = {}): Uint8Array {
  if (typeof arrays !== 'object' || arrays === null || Array.isArray(arrays)) {
    argumentFault('writeNpz', 'arrays', 'an object of NpyArrays', describe(arrays));
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, array] of Object.entries(arrays)) {
    if (name === '' || name.includes('/')) argumentFault('writeNpz', 'arrays', 'names without "/"', describe(name));
    assertNpyArray(array, 'writeNpz', `arrays.${name}`);
    files.set(`${name}.npy`, writeNpy(array));
  }
  return zipFiles(files, options.compress === true);
}
