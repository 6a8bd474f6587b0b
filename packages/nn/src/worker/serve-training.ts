import type { Layer } from '../layers/layer.js';
import type { FitData, FitOptions, FitResult } from '../trainer.js';
import { type FromWorker, isMessage, type MessageEndpoint, type ToWorker } from './messages.js';

/** What a training function gets besides its input. */
export interface TrainingSession {
  /**
   * `fit` from `@typeflow/nn`, which also sends each evaluation to the page (`onProgress` of
   * `trainInWorker`) and stops between steps when the page calls `stop()`.
   */
  fit(model: Layer, data: FitData, options: FitOptions): Promise<FitResult>;
  /** Aborted when the page calls `stop()`: for the function's own loops. */
  readonly signal: AbortSignal;
}

/** Trains in the worker: builds a model from `input`, fits it, returns what the page needs (e.g. the weights). */
export type TrainingFunction<Input, Output> = (input: Input, session: TrainingSession) => Output | Promise<Output>;

/**
 * Call this in your worker module: each `trainInWorker(worker, input)` on the page runs
 * `train(input, session)` here, and its result (structured-cloneable: numbers, arrays, typed arrays,
 * plain objects) resolves the page's `result`. Errors reach the page with their name and message.
 * `port` is the worker's global scope unless given.
 */
export function serveTraining<Input, Output>(
  train: TrainingFunction<Input, Output>,
  port: MessageEndpoint = globalThis as unknown as MessageEndpoint,
): void {
  const running = new Map<number, AbortController>();
  const send = (message: FromWorker) => port.postMessage(message);
  port.addEventListener('message', async ({ data }) => {
    if (isMessage<ToWorker>(data, 'typeflow:stop')) running.get(data.id)?.abort();
    if (!isMessage<Extract<ToWorker, { type: 'typeflow:train' }>>(data, 'typeflow:train')) return;
    const { id } = data;
    const controller = new AbortController();
    running.set(id, controller);
    let fits = 0;
    const session: TrainingSession = {
      signal: controller.signal,
      async fit(model, fitData, options) {
        const run = fits++;
        // Imported here, not at the top: a page that imports trainInWorker from this entry then loads
        // no tfjs at all (the trainer is only ever loaded inside the worker).
        const { fit } = await import('../trainer.js');
        return fit(model, fitData, {
          ...options,
          signal: controller.signal,
          onEval: (record) => {
            options.onEval?.(record);
            send({ type: 'typeflow:progress', id, progress: { ...record, fit: run, epochs: options.epochs } });
          },
        });
      },
    };
    try {
      send({ type: 'typeflow:done', id, output: await train(data.input as Input, session) });
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      send({ type: 'typeflow:failed', id, name, message });
    } finally {
      running.delete(id);
    }
  });
}
