import type { FromWorker, MessageEndpoint, TrainingProgress } from './messages.js';

export interface TrainInWorkerOptions {
  /** Each evaluation of `fit` in the worker, as it happens (epoch, loss, training and validation accuracy). */
  readonly onProgress?: (progress: TrainingProgress) => void;
}

/** A run in a worker, seen from the page. */
export interface WorkerTraining<Output> {
  /** What the worker's training function returned; rejects with its error (same name and message). */
  readonly result: Promise<Output>;
  /** Asks `fit` in the worker to stop after its current step; `result` then resolves as usual. */
  stop(): void;
}

/** A Worker's 'error' event: its module could not be loaded, or threw outside a run. */
interface ErrorEvent {
  readonly message?: string;
}

let nextId = 0;

function fromThisRun(data: unknown, id: number): data is FromWorker {
  return typeof data === 'object' && data !== null && (data as { id?: unknown }).id === id && 'type' in data;
}

/**
 * Runs the worker's training function (see `serveTraining`) on `input`, off the page's thread: the
 * page stays responsive while the model trains. `worker` is yours (e.g.
 * `new Worker(new URL('./train.worker.js', import.meta.url), { type: 'module' })`): it is not
 * terminated, so it can serve further runs.
 */
export function trainInWorker<Input, Output>(
  worker: MessageEndpoint,
  input: Input,
  options: TrainInWorkerOptions = {},
): WorkerTraining<Output> {
  const id = nextId++;
  const events = worker as MessageEndpoint & {
    addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
    removeEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  };
  const result = new Promise<Output>((resolve, reject) => {
    const onMessage = ({ data }: { readonly data: unknown }) => {
      if (!fromThisRun(data, id)) return;
      const message = data;
      if (message.type === 'typeflow:progress') options.onProgress?.(message.progress);
      else {
        finish();
        if (message.type === 'typeflow:done') resolve(message.output as Output);
        else reject(Object.assign(new Error(message.message), { name: message.name }));
      }
    };
    const onError = (event: ErrorEvent) => {
      finish();
      reject(new Error(`the training worker failed: ${event.message ?? 'its module did not load'}`));
    };
    const finish = () => {
      events.removeEventListener('message', onMessage);
      events.removeEventListener('error', onError);
    };
    events.addEventListener('message', onMessage);
    events.addEventListener('error', onError);
  });
  worker.postMessage({ type: 'typeflow:train', id, input });
  return { result, stop: () => worker.postMessage({ type: 'typeflow:stop', id }) };
}
