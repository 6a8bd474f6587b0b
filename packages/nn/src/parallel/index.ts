/**
 * `@typeflow/nn/parallel`: data parallelism for `fit` on Node's worker threads. Node only; the main
 * entry, `@typeflow/nn`, imports nothing from here.
 */
export type { ReplicaSpec } from './protocol.js';
export { type WorkerThreadsOptions, workerThreads } from './worker-threads.js';
