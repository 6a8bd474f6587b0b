import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { argumentFault, DataError, describe, fileFault } from './errors.js';
import type { NpyArray } from './npy.js';
import { type NpzWriteOptions, readNpz, writeNpz } from './npz.js';

/** Reads and checks an `.npz` file. */
export async function loadNpz(path: string): Promise<Record<string, NpyArray>> {
  return readNpz(await readBytes(path, 'loadNpz'), { file: path });
}

/** Writes an `.npz` file atomically: a temp file in the same folder, then a rename over `path`. */
export async function saveNpz(
  path: string,
  arrays: Record<string, NpyArray>,
  options: NpzWriteOptions = {},
): Promise<void> {
  assertPath(path, 'saveNpz');
  await writeFileAtomic(path, writeNpz(arrays, options));
}

export async function readBytes(path: string, fn: string): Promise<Uint8Array> {
  assertPath(path, fn);
  try {
    return await readFile(path);
  } catch (error) {
    return fileFault(path, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  // The temp file is a dot-file beside the target so the rename stays on one file system.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof DataError) throw error;
    fileFault(path, `cannot write the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function assertPath(path: unknown, fn: string): asserts path is string {
  if (typeof path !== 'string' || path === '') argumentFault(fn, 'path', 'a file path', describe(path));
}
