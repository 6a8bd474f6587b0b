/** Replicas for the worker-thread tests, built in a worker from `{ kind: 'module', url, exportName }`. */
import { type BookModelName, bookModel } from '../models.js';

/** A book model whose copy in a worker fails at its first step with a plain Error (a fault, not bad input). */
export function crashing(name: BookModelName) {
  const model = bookModel(name);
  model.forward = () => {
    throw new Error('a fault in the replica (test)');
  };
  return model;
}
