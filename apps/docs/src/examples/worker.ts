/**
 * The docs' training worker: each Run button sends `{ example, base, plotWidth }` here (through
 * `trainInWorker` of `@typeflow/nn/worker`), and the example runs off the page's thread, with the
 * session's `fit`, which reports each evaluation to the page and stops on Stop.
 */
import { serveTraining } from '@typeflow/nn/worker';
import { browserBackend, browserDataset } from '../runtime.js';
import type { Example, ExampleResult } from './example.js';

export interface RunRequest {
  readonly example: string;
  /** The site's base URL, e.g. '/': the dataset and the .wasm files are under it. */
  readonly base: string;
  readonly plotWidth: number;
}

export interface RunResult extends ExampleResult {
  readonly backend: string;
}

// Each example is its own chunk, loaded when its page first asks for it.
const examples = import.meta.glob<{ default: Example }>(['./*.ts', '!./*.test.ts', '!./test-*.ts', '!./worker.ts']);

serveTraining<RunRequest, RunResult>(async ({ example, base, plotWidth }, { fit }) => {
  const load = examples[`./${example}.ts`];
  if (!load) throw new Error(`there is no example named '${example}'`);
  const [{ default: run }, backend] = await Promise.all([load(), browserBackend(base)]);
  const result = await run({ dataset: () => browserDataset(base), fit, plotWidth });
  return { ...result, backend };
});
