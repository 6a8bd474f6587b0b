/**
 * A worker thread of data-parallel training: its own backend and copy of the model, the training set
 * in shared memory. It waits on the shared control array for a command, loads the coordinator's
 * latest weights when they changed, runs the command and writes its gradients and results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Variable } from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import type { Layer } from '../layers/layer.js';
import { bookModel } from '../models.js';
import { ExampleRows } from '../training-set.js';
import { Participant } from './participant.js';
import {
  Command,
  FAILED,
  type ReplicaSpec,
  Result,
  Slot,
  sizeOf,
  type WorkerMessage,
  type WorkerSetup,
} from './protocol.js';

const setup = (workerData as { data: WorkerSetup }).data;
const { buffers, index, participants } = setup;
const control = new Int32Array(buffers.control);
const results = new Float64Array(buffers.results);
const weights = new Float32Array(buffers.weights);
const parameterSize = weights.length;
const grads = new Float32Array(buffers.grads, index * parameterSize * 4, parameterSize);
const indices = new Int32Array(buffers.indices);
const SPIN_MS = 2;

async function buildModel(spec: ReplicaSpec): Promise<Layer> {
  // The replica's output layer has as many classes as the training labels (the coordinator's model's).
  if (spec.kind === 'book') return bookModel(spec.name, { classes: setup.classes });
  const module = (await import(spec.url)) as Record<string, unknown>;
  const factory = module[spec.exportName];
  if (typeof factory !== 'function')
    T.refuse(T.ValueError, 'workerThreads', 'replica', `a module exporting a function '${spec.exportName}'`, spec.url);
  return (await factory(...(spec.args ?? []))) as Layer;
}

function checkShapes(parameters: readonly Variable[]): void {
  const shapes = JSON.stringify(parameters.map((p) => p.shape));
  const expected = JSON.stringify(setup.parameterShapes);
  if (shapes !== expected) {
    T.refuse(
      T.ShapeError,
      'workerThreads',
      'replica',
      `a model with parameters of shapes ${expected} (the model's)`,
      shapes,
    );
  }
}

function loadWeights(parameters: readonly Variable[]): void {
  let offset = 0;
  for (const p of parameters) {
    const size = sizeOf(p.shape);
    p.assign(T.tensor(weights.subarray(offset, offset + size), p.shape));
    offset += size;
  }
}

function writeGradients(tensors: readonly T.Tensor[]): void {
  let offset = 0;
  for (const g of tensors) {
    T.readInto(g, grads, offset);
    offset += g.size;
  }
}

async function main(): Promise<void> {
  await T.setBackend(setup.backend);
  const model = await buildModel(setup.replica);
  const parameters = model.parameters();
  checkShapes(parameters);
  Atomics.wait(control, Slot.examplesReady, 0);
  const examples = new ExampleRows(
    new Float32Array(buffers.x),
    new Int32Array(buffers.labels),
    setup.exampleShape,
    setup.classes,
  );
  const participant = new Participant(model, setup.loss, index, participants, examples, setup.fullBatch);
  post({ type: 'ready' });

  let sequence = 0;
  let weightsVersion = 0;
  const base = index * Result.stride;
  for (;;) {
    // Spin briefly before sleeping: the next command usually comes within the coordinator's
    // serial part of a step (sum, optimizer, publish: ~2 ms), and waking a sleeping thread costs
    // about half a millisecond of a minibatch step.
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(control, Slot.sequence) === sequence && performance.now() < spinUntil) {}
    Atomics.wait(control, Slot.sequence, sequence);
    sequence = Atomics.load(control, Slot.sequence);
    const command = control[Slot.command];
    if (command === Command.stop) break;
    const version = control[Slot.weightsVersion] as number;
    if (version !== weightsVersion) {
      loadWeights(parameters);
      weightsVersion = version;
    }
    if (command === Command.evaluate) {
      results[base + Result.correct] = participant.countCorrect();
    } else {
      const count = control[Slot.batchCount] as number;
      const rows = count === 0 ? null : indices.subarray(0, count);
      const result = participant.gradients(rows, control[Slot.stepIndex] as number);
      writeGradients(result.grads);
      T.dispose(result.grads);
      results[base + Result.loss] = result.loss;
      results[base + Result.correct] = result.correct;
    }
    results[base + Result.numTensors] = T.memory().numTensors;
    Atomics.store(control, Slot.done + index, sequence);
    Atomics.notify(control, Slot.done + index);
  }
  participant.dispose();
  for (const p of parameters) p.dispose();
}

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

main().catch((error: unknown) => {
  Atomics.store(control, Slot.done + index, FAILED);
  Atomics.notify(control, Slot.done + index);
  const message = error instanceof Error ? error.message : String(error);
  post({ type: 'error', message, badInput: error instanceof T.TypeflowError });
});
