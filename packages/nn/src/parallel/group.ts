import type { Worker } from 'node:worker_threads';
import type { Variable } from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import type { LossName } from '../losses.js';
import {
  Command,
  FAILED,
  type ReplicaSpec,
  Result,
  type SharedBuffers,
  Slot,
  sizeOf,
  type WorkerMessage,
  type WorkerSetup,
} from './protocol.js';
import { spawnWorker } from './spawn.js';

// Atomics.waitAsync is in Node 16+ but not yet in TypeScript's ES2023 library.
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

// How long the coordinator blocks on a worker before it waits asynchronously (see wait()).
const SYNC_WAIT_MS = 250;

// Workers stopped at the end of a run get this long to exit on their own before being terminated.
const STOP_GRACE_MS = 2000;

export interface GroupOptions {
  /** Participants: the calling thread is participant 0, each other one a worker thread. */
  readonly participants: number;
  readonly replica: ReplicaSpec;
  readonly loss: LossName;
  readonly fullBatch: boolean;
  readonly train: { readonly x: T.Tensor; readonly labels: Int32Array };
  readonly classes: number;
  readonly parameters: readonly Variable[];
}

/**
 * The worker threads of a data-parallel run, seen from the coordinating thread (participant 0),
 * and the shared memory they talk through: the coordinator publishes weights and commands, each
 * worker answers with its gradients, loss and counts in its own slot.
 */
export class WorkerGroup {
  readonly participants: number;
  /** The example indices of the current minibatch, written by the coordinator before a step. */
  readonly indices: Int32Array;
  /** The training examples and their labels in shared memory (every participant reads its rows from here). */
  readonly examples: Float32Array;
  readonly labels: Int32Array;
  private readonly control: Int32Array;
  private readonly results: Float64Array;
  private readonly weights: Float32Array;
  private readonly grads: Float32Array;
  private readonly workers: Worker[];
  private readonly failures: Promise<never>[];
  private readonly exits: Promise<void>[];
  private sequence = 0;
  private closed = false;

  private constructor(
    participants: number,
    buffers: SharedBuffers,
    workers: Worker[],
    failures: Promise<never>[],
    exits: Promise<void>[],
  ) {
    this.participants = participants;
    this.control = new Int32Array(buffers.control);
    this.results = new Float64Array(buffers.results);
    this.weights = new Float32Array(buffers.weights);
    this.grads = new Float32Array(buffers.grads);
    this.indices = new Int32Array(buffers.indices);
    this.examples = new Float32Array(buffers.x);
    this.labels = new Int32Array(buffers.labels);
    this.workers = workers;
    this.failures = failures;
    this.exits = exits;
  }

  /** Starts participants - 1 workers and resolves once each has built its replica and data. */
  static async start(options: GroupOptions): Promise<WorkerGroup> {
    const { participants, train, parameters } = options;
    const parameterSize = parameters.reduce((n, p) => n + sizeOf(p.shape), 0);
    const count = train.labels.length;
    const buffers: SharedBuffers = {
      control: new SharedArrayBuffer(4 * (Slot.done + participants)),
      results: new SharedArrayBuffer(8 * Result.stride * participants),
      weights: new SharedArrayBuffer(4 * parameterSize),
      grads: new SharedArrayBuffer(4 * parameterSize * participants),
      indices: new SharedArrayBuffer(4 * count),
      x: new SharedArrayBuffer(4 * train.x.size),
      labels: new SharedArrayBuffer(4 * count),
    };
    const workers: Worker[] = [];
    const failures: Promise<never>[] = [];
    const exits: Promise<void>[] = [];
    const ready: Promise<void>[] = [];
    for (let index = 1; index < participants; index++) {
      const setup: WorkerSetup = {
        index,
        participants,
        backend: T.getBackend(),
        replica: options.replica,
        loss: options.loss,
        fullBatch: options.fullBatch,
        count,
        exampleShape: train.x.shape.slice(1),
        classes: options.classes,
        parameterShapes: parameters.map((p) => [...p.shape]),
        buffers,
      };
      const worker = spawnWorker('./worker.js', setup);
      workers.push(worker);
      exits.push(new Promise<void>((resolve) => worker.once('exit', () => resolve())));
      const failure = new Promise<never>((_, reject) => {
        // A worker that refused its input (a replica that does not fit the model) reports bad input;
        // anything else (a crash, an exit) is a fault of ours.
        const fail = (why: string, badInput = false) => {
          const message = `fit: worker ${index} of ${participants} failed: ${why}`;
          reject(
            badInput ? new T.ValueError(message, { op: 'fit', argument: 'replica' }) : new T.InternalError(message),
          );
        };
        worker.on('message', (m: WorkerMessage) => m.type === 'error' && fail(m.message, m.badInput));
        worker.on('error', (e) => fail(e.message));
        worker.on('exit', (code) => fail(`it exited (code ${code})`));
      });
      failure.catch(() => {}); // observed by whoever waits; never an unhandled rejection
      failures.push(failure);
      ready.push(
        Promise.race([
          new Promise<void>((resolve) => worker.on('message', (m: WorkerMessage) => m.type === 'ready' && resolve())),
          failure,
        ]),
      );
    }
    // The workers load their modules meanwhile; they read the examples once `examplesReady` is set.
    T.readInto(train.x, new Float32Array(buffers.x)); // no temporary copy of a large training set
    new Int32Array(buffers.labels).set(train.labels);
    const control = new Int32Array(buffers.control);
    Atomics.store(control, Slot.examplesReady, 1);
    Atomics.notify(control, Slot.examplesReady);
    const group = new WorkerGroup(participants, buffers, workers, failures, exits);
    try {
      await Promise.all(ready);
    } catch (error) {
      await group.close();
      throw error;
    }
    group.publishWeights(parameters);
    return group;
  }

  /** Copies the coordinator's current weights to shared memory; workers load them before their next command. */
  publishWeights(parameters: readonly Variable[]): void {
    let offset = 0;
    for (const p of parameters) {
      T.readInto(p.value, this.weights, offset);
      offset += p.value.size;
    }
    Atomics.add(this.control, Slot.weightsVersion, 1);
  }

  /** Starts a command on every worker (they run while the coordinator computes its own part). */
  send(command: number, options: { stepIndex?: number; batchCount?: number } = {}): void {
    this.control[Slot.command] = command;
    this.control[Slot.stepIndex] = options.stepIndex ?? 0;
    this.control[Slot.batchCount] = options.batchCount ?? 0;
    this.sequence += 1;
    Atomics.store(this.control, Slot.sequence, this.sequence);
    Atomics.notify(this.control, Slot.sequence);
  }

  /** Resolves when every worker has finished the last command; rejects if one failed. */
  async wait(): Promise<void> {
    for (let k = 1; k < this.participants; k++) {
      const slot = Slot.done + k;
      for (;;) {
        const done = Atomics.load(this.control, slot);
        if (done === this.sequence) break;
        if (done === FAILED) await this.failures[k - 1];
        // A blocking wait wakes within microseconds of the worker's notify (an awaited one goes
        // through the event loop: ~1 ms per minibatch step); past SYNC_WAIT_MS the wait becomes
        // asynchronous, so that a worker that died without a word is noticed through its events.
        if (Atomics.wait(this.control, slot, done, SYNC_WAIT_MS) !== 'timed-out') continue;
        const waiting = waitAsync(this.control, slot, done);
        if (waiting.async) await Promise.race([waiting.value, this.failures[k - 1]]);
      }
    }
  }

  /** Values in all the parameters together. */
  get weightsSize(): number {
    return this.weights.length;
  }

  /** Worker k's gradients from the last step, laid out as the parameters (k >= 1). */
  gradients(k: number): Float32Array {
    const size = this.weights.length;
    return this.grads.subarray(k * size, (k + 1) * size);
  }

  loss(k: number): number {
    return this.results[k * Result.stride + Result.loss] as number;
  }

  correct(k: number): number {
    return this.results[k * Result.stride + Result.correct] as number;
  }

  /** Live tensors in worker k after its last command. */
  numTensors(k: number): number {
    return this.results[k * Result.stride + Result.numTensors] as number;
  }

  /** Stops every worker; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.send(Command.stop);
    await Promise.all(
      this.workers.map(async (worker, i) => {
        const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
        await this.exits[i];
        clearTimeout(timer);
      }),
    );
  }
}
