import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { runningFromSource } from './invocation.js';

/**
 * Where the user typed the command: `pnpm --filter cli train` runs in apps/cli, but pnpm records the
 * caller's folder in INIT_CWD, and relative paths in flags mean paths from there. The installed
 * `typeflow` runs where it was typed (an npm script of the user's sets INIT_CWD to its package root,
 * which is not where the user is).
 */
export function userDirectory(): string {
  return runningFromSource() ? (process.env.INIT_CWD ?? process.cwd()) : process.cwd();
}

export function userPath(path: string): string {
  return resolve(userDirectory(), path);
}

/** The cache of the generated built-in dataset: $TYPEFLOW_CACHE_DIR, else ~/.cache/typeflow. */
export function cacheDirectory(): string {
  return process.env.TYPEFLOW_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'typeflow');
}
