import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './errors.js';

/**
 * A run's output folder. A new run writes into a hidden staging folder beside the target and renames
 * it into place when complete, so the target name never holds a half-written run. A resumed run
 * replaces files one at a time, each written to a temporary name and renamed (metrics.json last).
 */
export class RunFolder {
  readonly path: string;
  private readonly staging: string | undefined;

  private constructor(path: string, staging: string | undefined) {
    this.path = path;
    this.staging = staging;
  }

  /** Claims `target` for a new run: it must not exist yet (or be an empty folder) and its parent must be writable. */
  static create(target: string): RunFolder {
    if (existsSync(target) && !(statSync(target).isDirectory() && readdirSync(target).length === 0)) {
      throw new UsageError(`--out ${target} already exists and is not empty; choose another folder or --resume it`);
    }
    const staging = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
    try {
      mkdirSync(staging, { recursive: true });
    } catch (error) {
      throw new UsageError(
        `--out ${target} cannot be written: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    return new RunFolder(target, staging);
  }

  /** Opens an existing run folder to continue it in place. */
  static resume(target: string): RunFolder {
    if (!existsSync(join(target, 'metrics.json')))
      throw new UsageError(`--resume ${target} is not a run folder (no metrics.json)`);
    return new RunFolder(target, undefined);
  }

  /** Where files are written now (the staging folder until `commit`). */
  get directory(): string {
    return this.staging ?? this.path;
  }

  file(name: string): string {
    return join(this.directory, name);
  }

  /** Writes one file atomically: a temporary name in the same folder, then a rename. */
  write(name: string, content: string | Uint8Array): void {
    const temporary = join(this.directory, `.${name}.tmp-${process.pid}`);
    writeFileSync(temporary, content);
    renameSync(temporary, join(this.directory, name));
  }

  /**
   * Moves a new run into place under its final name. If another run took the name meanwhile, its
   * files are left alone and this run stays in its staging folder, named in the error.
   */
  commit(): void {
    if (this.staging === undefined) return;
    try {
      if (existsSync(this.path)) rmdirSync(this.path); // only ever an empty folder: rmdir refuses others
      renameSync(this.staging, this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      throw new UsageError(
        `--out ${this.path} was filled by another run meanwhile; this run is kept in ${this.staging}`,
      );
    }
  }

  /** Removes a new run's staging folder (after an error): nothing is left behind. */
  abandon(): void {
    if (this.staging !== undefined) rmSync(this.staging, { recursive: true, force: true });
  }
}
