/**
 * What the page and its training worker say to each other. Each run has an `id`, so one worker can
 * serve several runs, one after the other or at once.
 */
import type { EvalRecord } from '../trainer.js';

/** One evaluation of a run in the worker: `fit`'s record, and which `fit` call of the run it came from. */
export interface TrainingProgress extends EvalRecord {
  /** 0 for the run's first `fit` call, 1 for its second, ... */
  readonly fit: number;
  /** The epochs that `fit` call trains in all. */
  readonly epochs: number;
}

/** The page's side: start a run with an input, or stop it. */
export type ToWorker =
  | { readonly type: 'typeflow:train'; readonly id: number; readonly input: unknown }
  | { readonly type: 'typeflow:stop'; readonly id: number };

/** The worker's side: progress, then the run's output or its error. */
export type FromWorker =
  | { readonly type: 'typeflow:progress'; readonly id: number; readonly progress: TrainingProgress }
  | { readonly type: 'typeflow:done'; readonly id: number; readonly output: unknown }
  | { readonly type: 'typeflow:failed'; readonly id: number; readonly name: string; readonly message: string };

/**
 * What both sides need of a message channel: a Worker on the page, the worker's global scope inside it
 * (or either end of a MessageChannel, as in the tests).
 */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

export function isMessage<T extends { type: string }>(data: unknown, type: T['type']): data is T {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === type;
}
