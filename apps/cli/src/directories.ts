import { existsSync, mkdirSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError, writeFault } from './errors.js';

// Linux statfs magic numbers (linux/magic.h) of kernel file systems that hold no files of ours:
// writing there fails, and Node's recursive mkdir loops forever under /proc.
const VIRTUAL_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x65735543, 'fusectl'],
  [0x42494e4d, 'binfmt_misc'],
  [0x6e736673, 'nsfs'],
]);

/** The closest folder of `path` (itself or an ancestor) that exists. */
function existingAncestor(path: string): string {
  let folder = path;
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

/** Refuses a path on a kernel file system (/proc, /sys, ...) before anything is written there. */
export function refuseVirtualFileSystem(path: string, flag: string): void {
  if (process.platform !== 'linux') return;
  let type: number;
  try {
    type = statfsSync(existingAncestor(path)).type;
  } catch {
    return; // unreadable: the write that follows reports it
  }
  const name = VIRTUAL_FILE_SYSTEMS.get(type);
  if (name !== undefined)
    throw new UsageError(`${flag} ${path} is on a virtual file system (${name}); choose a folder on a disk`);
}

/**
 * Creates `path` and its missing parents one level at a time (not Node's recursive mkdir, which
 * loops forever where mkdir answers ENOENT under an existing parent, as /proc does).
 */
export function makeDirectories(path: string, flag: string): void {
  refuseVirtualFileSystem(path, flag);
  const missing: string[] = [];
  for (let folder = path; !existsSync(folder) && dirname(folder) !== folder; folder = dirname(folder))
    missing.unshift(folder);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // made meanwhile by another process
      throw writeFault(error, flag, path);
    }
  }
}
