/**
 * What the coordinating thread and its worker threads share: the model description each worker
 * builds its replica from, the setup message, and the layout of the shared memory they talk through.
 */
import type { Backend } from '@typeflow/tensor';
import type { LossName } from '../losses.js';
import type { BookModelName } from '../models.js';

/**
 * How a worker builds its copy of the model (a live model cannot cross threads). Its weights are
 * then copied from the coordinator's model before every step, so the replica's own initial values
 * do not matter, only its architecture (checked: same parameter shapes, in the same order).
 * - `{ kind: 'book', name }`: `bookModel(name, { classes })`, classes = the model's output count.
 * - `{ kind: 'module', url, exportName, args }`: `(await import(url))[exportName](...args)`.
 */
export type ReplicaSpec =
  | { readonly kind: 'book'; readonly name: BookModelName }
  | {
      readonly kind: 'module';
      readonly url: string;
      readonly exportName: string;
      readonly args?: readonly unknown[];
    };

/** Commands, written to `control[COMMAND]` before `control[SEQUENCE]` is bumped. */
export const Command = {
  /** One gradient step on this participant's part of the batch. */
  step: 1,
  /** Count correct predictions on this participant's rows of the training set. */
  evaluate: 2,
  stop: 3,
} as const;

/** Int32 slots of the control array. */
export const Slot = {
  /** Bumped by the coordinator for each command; workers wait on it. */
  sequence: 0,
  command: 1,
  /** Minibatch step: examples in the batch (their indices are in `indices`); full-batch step: 0. */
  batchCount: 2,
  /** The global step index (seeds Dropout's masks). */
  stepIndex: 3,
  /** Bumped whenever the coordinator writes new weights. */
  weightsVersion: 4,
  /** 1 once the coordinator has copied the training examples to shared memory. */
  examplesReady: 5,
  /** Participant k writes the sequence number it finished at `done + k` (or FAILED). */
  done: 6,
} as const;

export const FAILED = -1;

/** Float64 slots per participant in the results array (live tensors: to check that none leak). */
export const Result = { loss: 0, correct: 1, numTensors: 2, stride: 4 } as const;

export interface SharedBuffers {
  readonly control: SharedArrayBuffer;
  /** Float64: loss (already scaled by the participant's share of the batch), correct count, live tensors. */
  readonly results: SharedArrayBuffer;
  /** Float32: every parameter, flattened in `model.parameters()` order. */
  readonly weights: SharedArrayBuffer;
  /** Float32: one gradient slot per participant (the coordinator's unused), each laid out as `weights`. */
  readonly grads: SharedArrayBuffer;
  /** Int32: the example indices of the current minibatch. */
  readonly indices: SharedArrayBuffer;
  /** Float32: the training examples [n, ...features]. */
  readonly x: SharedArrayBuffer;
  /** Int32: the training labels [n]. */
  readonly labels: SharedArrayBuffer;
}

/** The message a worker starts with (its `workerData`). */
export interface WorkerSetup {
  /** This worker's participant index, 1..participants-1 (the coordinator is participant 0). */
  readonly index: number;
  readonly participants: number;
  readonly backend: Backend;
  readonly replica: ReplicaSpec;
  readonly loss: LossName;
  readonly fullBatch: boolean;
  /** Training examples and the shape of one. */
  readonly count: number;
  readonly exampleShape: readonly number[];
  readonly classes: number;
  readonly parameterShapes: readonly (readonly number[])[];
  readonly buffers: SharedBuffers;
}

/** What a worker posts to the coordinator: ready to work, or failed (`badInput`: it refused its input). */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'error'; readonly message: string; readonly badInput: boolean };

/** Rows [start, end) of participant k of `participants` in a batch of `count` examples. */
export function partOf(k: number, participants: number, count: number): { start: number; end: number } {
  return { start: Math.floor((k * count) / participants), end: Math.floor(((k + 1) * count) / participants) };
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
