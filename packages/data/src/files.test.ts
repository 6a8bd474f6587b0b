import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { loadNpz, saveNpz } from './files.js';
import type { NpyArray } from './npy.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'typeflow-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const arrays: Record<string, NpyArray> = { W: { dtype: 'float32', shape: [1, 2], data: Float32Array.from([1, 2]) } };

describe('saveNpz and loadNpz', () => {
  it('write atomically over an existing file and read it back', async () => {
    const path = join(dir, 'w.npz');
    await writeFile(path, 'old contents');
    await saveNpz(path, arrays);
    expect(await loadNpz(path)).toEqual(arrays);
    expect(await readdir(dir)).toEqual(['w.npz']);
  });

  it('report a folder that does not exist, leaving no temp file', async () => {
    const path = join(dir, 'missing', 'w.npz');
    const error = await saveNpz(path, arrays).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(`${path}: cannot write the file (ENOENT)`);
    expect(await readdir(dir)).toEqual(['w.npz']);
  });

  it('refuse bad arrays before touching the disk, and a path that is not a string', async () => {
    const path = join(dir, 'bad.npz');
    await expect(saveNpz(path, { W: { dtype: 'float32', shape: [3], data: new Float32Array(1) } })).rejects.toThrow(
      /argument 'arrays.W.data'/,
    );
    await expect(loadNpz(42 as never)).rejects.toThrow("loadNpz: argument 'path' expected a file path, got 42");
    expect(await readdir(dir)).toEqual(['w.npz']);
  });
});
