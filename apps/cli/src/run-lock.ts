import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError, writeFault } from './errors.js';

/** Who holds a run folder: the process id and the machine it runs on. */
interface Holder {
  readonly pid: number;
  readonly host: string;
}

const LOCK = '.lock';

/**
 * A lock on a run folder: the file `.lock` naming the process that works on the folder. It is created
 * by a link from a complete temporary file, so it appears whole or not at all. A lock whose process
 * is gone (same host, no such pid) is stale and taken over.
 *
 * Hand-written rather than `proper-lockfile`: that library judges a lock stale by an mtime it
 * refreshes on a timer, so a killed run's folder would stay locked for the stale period and a long
 * synchronous step would be taken for a dead holder. On one machine the holder's pid answers exactly.
 */
export class RunLock {
  private constructor(private readonly path: string) {}

  /** Takes the lock of `folder` (which exists), or refuses naming `flag` and the process holding it. */
  static acquire(folder: string, flag: string): RunLock {
    const path = join(folder, LOCK);
    const me: Holder = { pid: process.pid, host: hostname() };
    // A stale lock is moved away in one round and the folder claimed in the next; a third round allows
    // for a lock released meanwhile.
    for (let round = 0; round < 3; round++) {
      if (claim(path, me, flag)) return new RunLock(path);
      const holder = readHolder(path);
      if (holder === undefined) continue; // released meanwhile
      if (isAlive(holder)) throw inUse(folder, flag, holder);
      takeOver(path, holder, folder, flag);
    }
    throw new UsageError(`${flag} ${folder} is being claimed by other processes at the same time; try again`);
  }

  /** Refuses to go on if the lock no longer names this process (someone removed or took it). */
  verify(): void {
    const holder = readHolder(this.path);
    if (holder?.pid !== process.pid || holder.host !== hostname())
      throw new UsageError(`${this.path} no longer names this process: another process took the run folder`);
  }

  release(): void {
    const holder = readHolder(this.path);
    if (holder?.pid === process.pid && holder.host === hostname()) rmSync(this.path, { force: true });
  }
}

/** Creates the lock file whole (a temporary file linked into place); false if it exists. */
function claim(path: string, me: Holder, flag: string): boolean {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, `${JSON.stringify(me)}\n`);
    linkSync(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw writeFault(error, flag, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8'));
    return Number.isSafeInteger(holder?.pid) && typeof holder.host === 'string' ? holder : { pid: -1, host: '' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { pid: -1, host: '' }; // unreadable or not ours: judged stale below
  }
}

/** A holder on another host cannot be checked, so it counts as alive. */
function isAlive(holder: Holder): boolean {
  if (holder.host !== hostname()) return holder.host !== '';
  if (holder.pid <= 0 || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

function inUse(folder: string, flag: string, holder: Holder): UsageError {
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return new UsageError(
    `${flag} ${folder} is in use by process ${holder.pid}${where}; wait for it to end (or, if no typeflow runs there, delete ${join(folder, LOCK)})`,
  );
}

/**
 * Moves a stale lock aside. Of two processes taking over the same stale lock, one moves it; if what
 * was moved is no longer the stale holder's lock (a third process claimed the folder in between), it
 * is put back and this process refuses.
 */
function takeOver(path: string, stale: Holder, folder: string, flag: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  try {
    if (moved !== undefined && (moved.pid !== stale.pid || moved.host !== stale.host)) {
      try {
        linkSync(aside, path);
      } catch {
        // the folder was claimed again meanwhile: that claim stands
      }
      throw inUse(folder, flag, moved);
    }
  } finally {
    rmSync(aside, { force: true });
  }
}
