/**
 * `@typeflow/nn/parallel` (Node only): data parallelism for `fit` on worker threads, `workerThreads({ workers, replica })`.
 *
 * @module nn-parallel
 */
export * from '@typeflow/nn/parallel';
