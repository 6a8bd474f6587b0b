/**
 * `@typeflow/nn/worker` (browsers): training in a Web Worker, `serveTraining(train)` in the worker and
 * `trainInWorker(worker, input, { onProgress })` on the page.
 *
 * @module nn-worker
 */
export * from '@typeflow/nn/worker';
