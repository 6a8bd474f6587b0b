import { Worker } from 'node:worker_threads';

// Run from TypeScript sources (tests, `pnpm --filter cli train`), this module is a .ts file and so is
// the worker script beside it; built, both are .js.
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * Starts a worker thread running `entry` (a module beside this one, e.g. './worker.js') with
 * `workerData`. From TypeScript sources the worker registers tsx's loader itself before importing
 * the entry: Node 20 does not apply the parent's `--import tsx` hooks to a worker's modules, and a
 * test runner's process may not have them at all. `--conditions=source` makes the worker import the
 * workspace packages' sources, as the parent does.
 */
export function spawnWorker(entry: string, workerData: unknown): Worker {
  const script = new URL(FROM_SOURCE ? entry.replace(/\.js$/, '.ts') : entry, import.meta.url).href;
  const loader = FROM_SOURCE ? import.meta.resolve('tsx/esm/api') : null;
  const execArgv = FROM_SOURCE ? ['--conditions=source'] : undefined;
  // An eval'd CommonJS bootstrap: the only way to run code before the entry's own imports resolve.
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    (async () => {
      if (workerData.loader) (await import(workerData.loader)).register();
      await import(workerData.script);
    })();`;
  return new Worker(bootstrap, { eval: true, execArgv, workerData: { loader, script, data: workerData } });
}
