/**
 * `@typeflow/nn/worker`: training in a browser's Web Worker, so the page stays responsive. The worker
 * module calls `serveTraining(train)`; the page calls `trainInWorker(worker, input, { onProgress })`
 * and gets progress, a promise of the result and `stop()`. Plain message passing: it works in any
 * browser and bundler, and with Node's MessageChannel.
 */
export type { MessageEndpoint, TrainingProgress } from './messages.js';
export { serveTraining, type TrainingFunction, type TrainingSession } from './serve-training.js';
export { type TrainInWorkerOptions, trainInWorker, type WorkerTraining } from './train-in-worker.js';
