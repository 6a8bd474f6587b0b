import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileDurably } from './atomic-file.js';
import { makeDirectories } from './directories.js';
import { errorCode, spaceFault, UsageError, writeFault } from './errors.js';
import { RunLock } from './run-lock.js';

/** The files of one save, by name (metrics.json, checkpoint.npz, optimizer.npz, the plots, index.html). */
export type SaveFiles = Readonly<Record<string, string | Uint8Array>>;

const SAVES = 'saves';
const CURRENT = 'current';
// Temporary names this module makes (a dot, then `.tmp-<pid>`); the lock's own are left to RunLock.
const TEMPORARY = /^\.(?!lock\.).*\.tmp-\d+$/;

/**
 * A run's folder, saved as one unit. Each save writes all its files into a new folder `saves/N`,
 * then points the link `current` at it with one rename; each file name in the run folder
 * (`metrics.json`, `checkpoint.npz`, ...) is a fixed link into `current`. A crash at any instant
 * leaves `current` at the old save or at the new one, each complete, so the files a reader (or
 * `--resume`) sees always belong together. A lock keeps a second process out while one works on it.
 */
export class RunFolder {
  /** The number of the current save (0: none yet). */
  private saved: number;

  private constructor(
    readonly path: string,
    private readonly lock: RunLock,
    saved: number,
    private readonly made: boolean,
  ) {
    this.saved = saved;
  }

  /** Claims `target` for a new run: it must not exist yet, or be an empty folder. */
  static create(target: string): RunFolder {
    makeDirectories(dirname(target), '--out');
    let made = true;
    try {
      mkdirSync(target);
    } catch (error) {
      made = false;
      if (errorCode(error) !== 'EEXIST') throw writeFault(error, '--out', target);
      if (!lstatSync(target).isDirectory()) throw new UsageError(`--out ${target} already exists and is not a folder`);
    }
    const lock = RunLock.acquire(target, '--out');
    if (!holdsNothing(target)) {
      lock.release();
      throw new UsageError(`--out ${target} already exists and is not empty; choose another folder or --resume it`);
    }
    rmSync(join(target, SAVES), { recursive: true, force: true }); // a dead run's unfinished first save
    return new RunFolder(target, lock, 0, made);
  }

  /** Opens a run folder to continue it (`--resume`), removing what a crashed process left half-made. */
  static open(target: string): RunFolder {
    if (!existsSync(join(target, CURRENT)) && !existsSync(join(target, 'metrics.json')))
      throw new UsageError(`--resume ${target} is not a run folder (no metrics.json)`);
    const lock = RunLock.acquire(target, '--resume');
    const folder = new RunFolder(target, lock, currentSave(target), false);
    folder.removeLeftovers();
    return folder;
  }

  /** The folder that holds the current save's files (the run folder itself for one written before saves/). */
  get current(): string {
    return this.saved > 0 ? join(this.path, SAVES, String(this.saved)) : this.path;
  }

  /** The number of the current save, 0 before the first. */
  get saves(): number {
    return this.saved;
  }

  /**
   * Writes `files` as the run's new state: all of them into saves/N+1, then one switch of `current`,
   * then the previous save is removed. A failure before the switch leaves the previous save current
   * and nothing of the new one behind.
   */
  save(files: SaveFiles): void {
    this.lock.verify();
    const number = this.saved + 1;
    const saves = join(this.path, SAVES);
    const staging = join(saves, `.${number}.tmp-${process.pid}`);
    const finished = join(saves, String(number));
    const pause = testPause();
    let switched = false;
    try {
      if (!existsSync(saves)) mkdirSync(saves);
      mkdirSync(staging);
      pause();
      for (const [name, content] of Object.entries(files)) {
        writeFileDurably(join(staging, name), content);
        pause();
      }
      renameSync(staging, finished);
      syncFolder(saves);
      pause();
      replaceWithLink(join(this.path, CURRENT), `${SAVES}/${number}`);
      switched = true;
      syncFolder(this.path);
      pause();
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!switched) rmSync(finished, { recursive: true, force: true });
      throw spaceFault(error, this.path);
    }
    const previous = this.saved;
    this.saved = number;
    try {
      for (const name of Object.keys(files))
        if (linkTarget(join(this.path, name)) !== `${CURRENT}/${name}`) {
          replaceWithLink(join(this.path, name), `${CURRENT}/${name}`);
          pause();
        }
      if (previous > 0) rmSync(join(saves, String(previous)), { recursive: true, force: true });
      pause();
    } catch (error) {
      throw spaceFault(error, this.path);
    }
  }

  /** Gives the folder up: a new run that never saved leaves nothing behind; the lock is released. */
  close(): void {
    if (this.saved > 0 || existsSync(join(this.path, 'metrics.json'))) this.lock.release();
    else if (this.made) rmSync(this.path, { recursive: true, force: true });
    else {
      rmSync(join(this.path, SAVES), { recursive: true, force: true });
      this.lock.release();
    }
  }

  /** Half-made saves and temporary files of a process that died (the lock is ours, so none is in use). */
  private removeLeftovers(): void {
    const saves = join(this.path, SAVES);
    if (existsSync(saves))
      for (const name of readdirSync(saves))
        if (name !== String(this.saved)) rmSync(join(saves, name), { recursive: true, force: true });
    for (const name of readdirSync(this.path)) if (TEMPORARY.test(name)) rmSync(join(this.path, name), { force: true });
  }
}

/** The number `current` points at: saves/N -> N; 0 for a run folder written before saves/ existed. */
function currentSave(folder: string): number {
  const target = linkTarget(join(folder, CURRENT));
  if (target === undefined) return 0;
  const number = Number(target.slice(`${SAVES}/`.length));
  if (!target.startsWith(`${SAVES}/`) || !Number.isSafeInteger(number) || number <= 0)
    throw new UsageError(`--resume ${folder}: its '${CURRENT}' link points at ${target}, not at a save`);
  return number;
}

function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** True for a folder with nothing in it but a lock and the unfinished first save of a dead run. */
function holdsNothing(folder: string): boolean {
  return readdirSync(folder).every(
    (name) =>
      name.startsWith('.lock') ||
      (name === SAVES && readdirSync(join(folder, SAVES)).every((entry) => TEMPORARY.test(entry))),
  );
}

/** Points `path` at `target` with one rename of a new link over it. */
function replaceWithLink(path: string, target: string): void {
  const temporary = join(dirname(path), `.link.tmp-${process.pid}`);
  rmSync(temporary, { force: true });
  symlinkSync(target, temporary);
  renameSync(temporary, path);
}

function syncFolder(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A test hook, explicit and off unless set: TYPEFLOW_TEST_SAVE_STEP_MS=N pauses N ms after each step of
 * a save (each file, the folder rename, the switch, each link, the removal of the old save), so a test
 * can kill the process at any instant of a save.
 */
function testPause(): () => void {
  const ms = Number(process.env.TYPEFLOW_TEST_SAVE_STEP_MS ?? 0);
  if (!(ms > 0)) return () => {};
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return () => Atomics.wait(cell, 0, 0, ms);
}
