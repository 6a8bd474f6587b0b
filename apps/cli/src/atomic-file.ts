import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { spaceFault } from './errors.js';

/** Writes a new file and flushes it to the disk before returning. */
export function writeFileDurably(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `content` to `path` atomically: a temporary file beside it, flushed to the disk, then renamed
 * over `path`, so a reader (or a crash) sees the whole old file or the whole new one. The temporary
 * file is removed when the write fails. A full disk is a ResourceError naming the file. With
 * `replace: false` an existing `path` is left alone (the link fails with EEXIST).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options = { replace: true }): void {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileDurably(temporary, content);
    if (options.replace) renameSync(temporary, path);
    else linkSync(temporary, path);
  } catch (error) {
    throw spaceFault(error, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
