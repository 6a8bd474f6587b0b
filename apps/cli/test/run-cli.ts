/** Test support: runs the real CLI as a subprocess, from its TypeScript source, like `pnpm --filter cli`. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

export function startCli(args: readonly string[], cwd = CLI_ROOT): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', TSX, join(CLI_ROOT, 'src/main.ts'), ...args], {
    cwd,
    env: { ...process.env, TYPEFLOW_CACHE_DIR: CACHE, INIT_CWD: cwd, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

export function runCli(args: readonly string[], cwd?: string): Promise<CliResult> {
  return collect(startCli(args, cwd));
}

export function tempDir(prefix = 'typeflow-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
