/**
 * A worker thread of data-parallel training: its own backend and replica of the model, its shard of
 * the training set. It waits on the shared control array for a command, loads the coordinator's
 * latest weights when they changed, runs the command and writes its gradients and results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Variable } from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import type { Layer } from '../layers/layer.js';
import { lossFunction } from '../losses.js';
import { bookModel } from '../models.js';
import { Command, FAILED, partOf, type ReplicaSpec, Result, Slot, sizeOf, type WorkerSetup } from './protocol.js';
import { type Examples, Replica } from './replica.js';

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
  if (typeof factory !== 'function') throw new Error(`${spec.url} exports no function '${spec.exportName}'`);
  return (await factory(...(spec.args ?? []))) as Layer;
}

function examples(start: number, end: number): Examples {
  const featureSize = sizeOf(setup.exampleShape);
  // The examples in shared memory are written once, before the workers start: a tensor may use them.
  const values = new Float32Array(buffers.x, start * featureSize * 4, (end - start) * featureSize);
  const x = T.tensor(values, [end - start, ...setup.exampleShape]);
  const labels = new Int32Array(buffers.labels).slice(start, end);
  const oneHot = T.scope(() => T.oneHot(T.tensor(labels, [labels.length], 'int32'), setup.classes));
  return { x, oneHot, labels };
}

function loadWeights(parameters: readonly Variable[]): void {
  let offset = 0;
  for (const p of parameters) {
    const size = sizeOf(p.shape);
    // The wasm backend copies a new tensor's values into its heap; the cpu backend keeps the array, so
    // it gets a copy of its own (the coordinator rewrites shared memory while this replica holds it).
    const values = weights.subarray(offset, offset + size);
    p.assign(T.tensor(setup.backend === 'wasm' ? values : values.slice(), p.shape));
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
  const shapes = parameters.map((p) => [...p.shape]);
  if (JSON.stringify(shapes) !== JSON.stringify(setup.parameterShapes)) {
    throw new Error(
      `the replica's parameters have shapes ${JSON.stringify(shapes)}, the model's ${JSON.stringify(setup.parameterShapes)}`,
    );
  }
  Atomics.wait(control, Slot.examplesReady, 0);
  const { start, end } = partOf(index, participants, setup.count);
  const shard = setup.fullBatch ? examples(start, end) : null;
  // Minibatch rows (and, for evaluation, the shard's rows) are copied straight from shared memory.
  const source = setup.fullBatch
    ? null
    : {
        values: new Float32Array(buffers.x),
        labels: new Int32Array(buffers.labels),
        exampleShape: setup.exampleShape,
        classes: setup.classes,
      };
  const replica = new Replica(
    model,
    parameters,
    lossFunction(setup.loss),
    index,
    participants,
    shard,
    source,
    setup.count,
  );
  parentPort?.postMessage({ type: 'ready' });

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
      results[base + Result.correct] = replica.correctOnShard();
    } else if (command === Command.reportWeights) {
      writeGradients(parameters.map((p) => p.value));
    } else {
      const stepIndex = control[Slot.stepIndex] as number;
      const count = control[Slot.batchCount] as number;
      const result =
        count === 0
          ? replica.fullBatchStep(stepIndex, control[Slot.wantCorrect] === 1)
          : replica.minibatchStep(indices.subarray(0, count), stepIndex);
      writeGradients(result.grads);
      T.dispose(result.grads);
      results[base + Result.loss] = result.loss;
      results[base + Result.correct] = result.correct;
    }
    results[base + Result.numTensors] = T.memory().numTensors;
    Atomics.store(control, Slot.done + index, sequence);
    Atomics.notify(control, Slot.done + index);
  }
  replica.dispose();
  T.dispose(shard);
  for (const p of parameters) p.dispose();
}

main().catch((error: unknown) => {
  Atomics.store(control, Slot.done + index, FAILED);
  Atomics.notify(control, Slot.done + index);
  const message = error instanceof Error ? error.message : String(error);
  parentPort?.postMessage({ type: 'error', message, stack: error instanceof Error ? error.stack : undefined });
});
