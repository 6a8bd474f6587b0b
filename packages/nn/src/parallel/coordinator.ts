import * as T from '@typeflow/tensor';
import type { LossName } from '../losses.js';
import { batchSource, type Engine, type EngineOptions, type EpochResult, isFullBatch, minibatches } from './engine.js';
import { WorkerGroup } from './group.js';
import { Command, partOf, type ReplicaSpec, sizeOf } from './protocol.js';
import { type Examples, Replica, type StepResult } from './replica.js';

export interface ParallelOptions extends EngineOptions {
  readonly participants: number;
  readonly replica: ReplicaSpec;
  readonly lossName: LossName;
  readonly classes: number;
}

/**
 * Data-parallel training: this thread (participant 0, holding the real model and optimizer) and
 * participants - 1 worker threads each compute the gradient of their part of the batch at the same
 * time. The coordinator sums the parts in participant order (one fixed order, so a run is
 * reproducible), applies the optimizer once, and publishes the new weights, which every worker
 * loads before its next step: all replicas hold bit-identical weights at every step.
 */
export class ParallelEngine implements Engine {
  private readonly fullBatch: boolean;
  private readonly sum: Float32Array;

  private constructor(
    private readonly options: ParallelOptions,
    private readonly group: WorkerGroup,
    private readonly replica: Replica,
    private readonly shard: Examples | null,
  ) {
    this.fullBatch = isFullBatch(options.batchSize, options.train.labels.length);
    this.sum = new Float32Array(options.parameters.reduce((n, p) => n + sizeOf(p.shape), 0));
  }

  static async start(options: ParallelOptions): Promise<ParallelEngine> {
    const { participants, train, model, parameters, loss } = options;
    const count = train.labels.length;
    const fullBatch = isFullBatch(options.batchSize, count);
    const group = await WorkerGroup.start({
      participants,
      replica: options.replica,
      loss: options.lossName,
      fullBatch,
      train,
      classes: options.classes,
      parameters,
    });
    const { start, end } = partOf(0, participants, count);
    // Full batch: this thread's rows as tensors. Minibatches: rows are copied from shared memory.
    const shard = fullBatch ? sliceExamples(train, start, end) : null;
    const source = fullBatch ? null : batchSource(group.examples, train);
    const replica = new Replica(model, parameters, loss, 0, participants, shard, source, count);
    return new ParallelEngine(options, group, replica, shard);
  }

  async epoch(epoch: number, wantCorrect: boolean): Promise<EpochResult | undefined> {
    if (this.fullBatch) {
      this.group.send(Command.step, { stepIndex: epoch - 1, wantCorrect });
      return this.finishStep(epoch, this.replica.fullBatchStep(epoch - 1, wantCorrect));
    }
    const batches = minibatches(this.options, epoch);
    let total = 0;
    for (const { indices, stepIndex } of batches) {
      if (this.options.signal?.aborted) return undefined;
      this.group.indices.set(indices);
      this.group.send(Command.step, { stepIndex, batchCount: indices.length });
      total += (await this.finishStep(epoch, this.replica.minibatchStep(indices, stepIndex))).loss;
    }
    return { loss: total / batches.length, correct: 0 };
  }

  async trainCorrect(): Promise<number> {
    this.group.send(Command.evaluate);
    let correct = this.replica.correctOnShard();
    await this.group.wait();
    for (let k = 1; k < this.group.participants; k++) correct += this.group.correct(k);
    return correct;
  }

  /** Each worker's current parameter values, flattened in parameter order (read from its replica). */
  async workerWeights(): Promise<Float32Array[]> {
    this.group.send(Command.reportWeights);
    await this.group.wait();
    return Array.from({ length: this.group.participants - 1 }, (_, i) => this.group.gradients(i + 1).slice());
  }

  /** Live tensors in each worker after its last command (the coordinator's own: `memory()`). */
  workerTensors(): number[] {
    return Array.from({ length: this.group.participants - 1 }, (_, i) => this.group.numTensors(i + 1));
  }

  async dispose(): Promise<void> {
    await this.group.close();
    this.replica.dispose();
    if (this.shard !== null && this.shard.x !== this.options.train.x) T.dispose([this.shard.x, this.shard.oneHot]);
  }

  /** Waits for the workers' parts, sums the gradients in participant order, applies and publishes them. */
  private async finishStep(epoch: number, mine: StepResult): Promise<EpochResult> {
    const sum = this.sum;
    let offset = 0;
    for (const g of mine.grads) {
      T.readInto(g, sum, offset);
      offset += g.size;
    }
    T.dispose(mine.grads);
    await this.group.wait();
    let loss = mine.loss;
    let correct = mine.correct;
    for (let k = 1; k < this.group.participants; k++) {
      loss += this.group.loss(k);
      correct += this.group.correct(k);
      const part = this.group.gradients(k);
      for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (part[i] as number);
    }
    this.options.checkLoss(epoch, loss);
    offset = 0;
    const grads = this.options.parameters.map((p) => {
      const size = sizeOf(p.shape);
      // The tensors are released before `sum` is refilled (the cpu backend keeps the array itself).
      const g = T.tensor(sum.subarray(offset, offset + size), p.shape);
      offset += size;
      return g;
    });
    try {
      this.options.optimizer.step(this.options.parameters, grads);
    } finally {
      T.dispose(grads);
    }
    this.group.publishWeights(this.options.parameters);
    return { loss, correct };
  }
}

function sliceExamples(all: Examples, start: number, end: number): Examples {
  if (start === 0 && end === all.labels.length) return all;
  const rows = end - start;
  const [x, oneHot] = T.scope(() => [
    T.slice(all.x, [start, ...all.x.shape.slice(1).map(() => 0)], [rows, ...all.x.shape.slice(1)]),
    T.slice(all.oneHot, [start, 0], [rows, all.oneHot.shape[1] as number]),
  ]);
  return { x, oneHot, labels: all.labels.slice(start, end) };
}
