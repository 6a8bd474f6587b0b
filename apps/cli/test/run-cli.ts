/** Test support: runs the real CLI as a subprocess, from its TypeScript source, like `pnpm --filter cli`. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
export const BOOK_DATA = join(SHARED, 'data/data_with_labels.npz');

// tsx's loader, by absolute URL: `--import tsx` would resolve from the child's working directory.
const TSX = import.meta.resolve('tsx');

/** One cache of the built-in dataset for the whole test run, so it is rendered once. */
export const CACHE = mkdtempSync(join(tmpdir(), 'typeflow-cli-cache-'));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** SIGKILL the process after this long (its code is then null): for cases that used to hang. */
  readonly timeoutMs?: number;
  /** A command the CLI runs under, e.g. ['unshare', ...]; the node command line is appended to it. */
  readonly wrapper?: readonly string[];
}

export function startCli(args: readonly string[], cwd = CLI_ROOT, options: CliOptions = {}): ChildProcess {
  const node = [process.execPath, '--conditions=source', '--import', TSX, join(CLI_ROOT, 'src/main.ts'), ...args];
  const [command, ...rest] = [...(options.wrapper ?? []), ...node] as [string, ...string[]];
  const child = spawn(command, rest, {
    cwd,
    env: { ...process.env, TYPEFLOW_CACHE_DIR: CACHE, INIT_CWD: cwd, FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.timeoutMs !== undefined) {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', () => clearTimeout(timer));
  }
  return child;
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export function runCli(args: readonly string[], cwd?: string, options?: CliOptions): Promise<CliResult> {
  return collect(startCli(args, cwd, options));
}

/** Runs a TypeScript file (a test fixture) with node and tsx, under `wrapper` if given. */
export function runScript(
  script: string,
  args: readonly string[],
  wrapper: readonly string[] = [],
): Promise<CliResult> {
  const [command, ...rest] = [
    ...wrapper,
    process.execPath,
    '--conditions=source',
    '--import',
    TSX,
    script,
    ...args,
  ] as [string, ...string[]];
  return collect(spawn(command, rest, { cwd: CLI_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/**
 * Resolves once `condition()` holds (checked every few ms); rejects if `child` exits first or
 * `timeoutMs` passes (then `child` is killed).
 */
export function until(condition: () => boolean, child?: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the process exited (${code}) before the condition held`));
    child?.once('exit', onExit);
    const check = () => {
      if (condition()) {
        child?.off('exit', onExit);
        resolve();
      } else if (performance.now() > deadline) {
        child?.off('exit', onExit);
        child?.kill('SIGKILL');
        reject(new Error(`the condition did not hold within ${timeoutMs} ms`));
      } else setTimeout(check, 3);
    };
    check();
  });
}

/** The files a finished run folder holds: links into `current`, `current`, and `saves/` with one save. */
export const RUN_FOLDER_ENTRIES = [
  'accuracy.svg',
  'checkpoint.npz',
  'confusion.svg',
  'current',
  'index.html',
  'metrics.json',
  'optimizer.npz',
  'output-weights.svg',
  'saves',
  'weights.svg',
];

/** The entries of a run folder and of its saves/ (no lock, no temporary file, one save). */
export function runFolderEntries(folder: string): { entries: string[]; saves: string[] } {
  return { entries: readdirSync(folder).sort(), saves: readdirSync(`${folder}/saves`) };
}

export function tempDir(prefix = 'typeflow-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
