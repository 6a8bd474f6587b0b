import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the user typed the command: `pnpm --filter cli train` runs in apps/cli, but pnpm records the
 * caller's folder in INIT_CWD, and relative paths in flags mean paths from there.
 */
export function userDirectory(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

export function userPath(path: string): string {
  return resolve(userDirectory(), path);
}

/** The cache of the generated built-in dataset: $TYPEFLOW_CACHE_DIR, else ~/.cache/typeflow. */
export function cacheDirectory(): string {
  return process.env.TYPEFLOW_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'typeflow');
}
