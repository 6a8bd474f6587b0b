import * as T from '@typeflow/tensor';
import type { LossName } from '../losses.js';
import { oneThread, type StepCount, type Steps, type TrainingRun, type TrainingStrategy } from '../strategy.js';
import { ExampleRows } from '../training-set.js';
import { WorkerGroup } from './group.js';
import { Participant } from './participant.js';
import { Command, type ReplicaSpec, sizeOf } from './protocol.js';

export interface WorkerThreadsOptions {
  /** Threads sharing each step: this one and `workers - 1` worker threads (1: `oneThread`). */
  readonly workers: number;
  /** How each worker thread builds its copy of the model (its weights come from the trained model). */
  readonly replica: ReplicaSpec;
}

/**
 * Data parallelism for `fit` (Node only): this thread and `workers - 1` worker threads (Node's
 * `worker_threads`) each compute the gradient of their part of every batch with their own copy of the
 * model and backend. The parts are summed in a fixed order and the optimizer is applied once, here,
 * so a run is reproducible for a given number of workers and agrees with one worker within float32
 * rounding. With Dropout each thread draws its own masks, so runs with different `workers` differ.
 * The loss must be given to `fit` by name (a function cannot cross threads).
 */
export function workerThreads(options: WorkerThreadsOptions): TrainingStrategy {
  const { workers, replica } = options;
  if (!Number.isInteger(workers) || workers <= 0)
    T.refuse(T.ValueError, 'workerThreads', 'workers', 'a positive integer', T.describeValue(workers));
  if (typeof replica !== 'object' || replica === null)
    T.refuse(
      T.ValueError,
      'workerThreads',
      'replica',
      "a model description for the workers, e.g. { kind: 'book', name: 'mlp' }",
      T.describeValue(replica),
    );
  return {
    start(run: TrainingRun) {
      // More threads than examples would leave some with nothing to do.
      const participants = Math.min(workers, run.train.labels.length);
      return participants === 1 ? oneThread.start(run) : ThreadedSteps.start(run, participants, replica);
    },
  };
}

/**
 * The coordinating thread's side (participant 0, holding the real model and optimizer): each step it
 * starts the workers on their parts, computes its own, sums the gradients in participant order,
 * applies the optimizer once and publishes the new weights, which every worker loads before its next
 * step: all copies of the model hold bit-identical weights at every step.
 */
export class ThreadedSteps implements Steps {
  private readonly sum: Float32Array;

  private constructor(
    private readonly training: TrainingRun,
    readonly group: WorkerGroup,
    readonly participant: Participant,
  ) {
    this.sum = new Float32Array(group.weightsSize);
  }

  static async start(run: TrainingRun, participants: number, replica: ReplicaSpec): Promise<ThreadedSteps> {
    const { model, train, fullBatch, loss } = run;
    if (typeof loss === 'function')
      T.refuse(T.ValueError, 'fit', 'loss', "a loss name ('book' or 'softmax') with worker threads", 'a function');
    const classes = train.oneHot.shape[1] as number;
    const parameters = model.parameters();
    const group = await WorkerGroup.start({ participants, replica, loss, fullBatch, train, classes, parameters });
    const examples = new ExampleRows(group.examples, group.labels, train.x.shape.slice(1), classes);
    return new ThreadedSteps(
      run,
      group,
      new Participant(model, loss as LossName, 0, participants, examples, fullBatch),
    );
  }

  async run(rows: Int32Array | null, index: number): Promise<StepCount> {
    if (rows !== null) this.group.indices.set(rows);
    this.group.send(Command.step, { stepIndex: index, batchCount: rows?.length ?? 0 });
    const mine = this.participant.gradients(rows, index);
    const sum = this.sum;
    let offset = 0;
    for (const g of mine.grads) {
      T.readInto(g, sum, offset);
      offset += g.size;
    }
    T.dispose(mine.grads);
    await this.group.wait();
    let { loss, correct } = mine;
    for (let k = 1; k < this.group.participants; k++) {
      loss += this.group.loss(k);
      correct += this.group.correct(k);
      const part = this.group.gradients(k);
      for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (part[i] as number);
    }
    if (Number.isFinite(loss)) this.apply(sum);
    return { loss, correct };
  }

  async countCorrect(): Promise<number> {
    this.group.send(Command.evaluate);
    let correct = this.participant.countCorrect();
    await this.group.wait();
    for (let k = 1; k < this.group.participants; k++) correct += this.group.correct(k);
    return correct;
  }

  async dispose(): Promise<void> {
    await this.group.close();
    this.participant.dispose();
  }

  /** One optimizer step with the summed gradients, then the new weights published to the workers. */
  private apply(sum: Float32Array): void {
    const parameters = this.training.model.parameters();
    let offset = 0;
    const grads = parameters.map((p) => {
      const size = sizeOf(p.shape);
      const g = T.tensor(sum.subarray(offset, offset + size), p.shape);
      offset += size;
      return g;
    });
    try {
      this.training.optimizer.step(parameters, grads);
    } finally {
      T.dispose(grads);
    }
    this.group.publishWeights(parameters);
  }
}
