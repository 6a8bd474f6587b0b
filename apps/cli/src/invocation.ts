import { readFileSync } from 'node:fs';

/**
 * How the user started this program. Inside the repository `pnpm --filter cli train` runs the TypeScript
 * source (through tsx and the workspace's `source` export condition, so a fresh clone needs no build);
 * installed from npm, the `typeflow` bin runs the JavaScript built into dist/. Messages that tell the
 * user what to type next name the command they actually have.
 */
export function runningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** What to type to train again: `typeflow train`, or inside the repository `pnpm --filter cli train --`. */
export function trainCommandLine(): string {
  return runningFromSource() ? 'pnpm --filter cli train --' : 'typeflow train';
}

/** The version of @typeflow/cli (its package.json sits one folder above both src/ and dist/). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
