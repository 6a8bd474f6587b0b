import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNpz, saveNpz, writeNpz } from '@typeflow/data';
import {
  Adam,
  bookModel,
  checkpointArrays,
  confusionMatrix,
  type EvalRecord,
  type FitResult,
  fit,
  learningRateSchedule,
  loadCheckpoint,
  Momentum,
  type Optimizer,
  predictClasses,
  SGD,
  TrainingDivergedError,
} from '@typeflow/nn';
import { workerThreads } from '@typeflow/nn/parallel';
import { memory, setBackend } from '@typeflow/tensor';
import { loadDataset, splitTensors } from '../dataset-source.js';
import { EXIT, UsageError } from '../errors.js';
import { optimizerArrays, optimizerStateFrom } from '../optimizer-state.js';
import { userPath } from '../paths.js';
import { createProgress } from '../progress.js';
import { type MemorySample, type Metrics, type RunHistory, writeReport } from '../report.js';
import { RunFolder } from '../run-folder.js';
import { type OptimizerName, resolveSettings, type TrainFlags, type TrainSettings } from '../settings.js';
import { printSummary } from '../summary.js';

export interface TrainCommandFlags extends TrainFlags {
  readonly resume?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** Epochs between memory samples (tensor count, resident memory) recorded in metrics.json. */
const MEMORY_SAMPLE_EVERY = 1000;
/** How often a long run saves its checkpoint and metrics (status 'running') while it trains. */
const SNAPSHOT_EVERY_MS = 60_000;

export async function trainCommand(flags: TrainCommandFlags): Promise<number> {
  const previous = flags.resume === undefined ? undefined : readPrevious(userPath(flags.resume), flags);
  const settings = previous?.settings ?? resolveSettings(flags);
  const log = (line: string) => {
    if (!flags.quiet) process.stderr.write(`${line}\n`);
  };
  await setBackend(settings.backend);
  const { dataset, source } = await loadDataset(
    { data: settings.data, fonts: settings.fonts ?? undefined, characters: settings.characters ?? undefined },
    log,
  );
  const model = bookModel(settings.model, { seed: settings.seed, classes: dataset.classes });
  const optimizer = makeOptimizer(settings.optimizer, settings.lr);
  if (previous) {
    await loadCheckpoint(join(previous.folder, 'checkpoint.npz'), model);
    const state = optimizerStateFrom(optimizer.name, await loadNpz(join(previous.folder, 'optimizer.npz')));
    optimizer.loadState(state, model.namedParameters());
  } else if (settings.init !== undefined) {
    await loadCheckpoint(userPath(settings.init), model);
  }
  const data = splitTensors(dataset, settings.seed, settings.augment ?? undefined);
  const folder = previous
    ? RunFolder.resume(previous.folder)
    : RunFolder.create(userPath(settings.out ?? defaultRunName(settings)));

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    log('\ntypeflow: stopping after the current step (press Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startEpoch = previous?.epochsCompleted ?? 0;
  const schedule = learningRateSchedule(settings.schedule, settings.lr, settings.epochs);
  optimizer.setLearningRate(schedule(startEpoch + 1));
  const memorySamples: MemorySample[] = [...(previous?.metrics.memory ?? [])];
  const records: (EvalRecord & { readonly seconds: number })[] = [];
  let epochsCompleted = startEpoch;
  const started = performance.now();
  const elapsed = () => (previous?.metrics.seconds ?? 0) + (performance.now() - started) / 1000;
  let lastSnapshot = started;
  const snapshot = (status: Metrics['status'], seconds: number) => {
    const history = joinHistory(previous?.metrics.history, records);
    const predicted = predictClasses(model, data.valid.x);
    const metrics: Metrics = {
      ...withoutPaths(settings),
      status,
      dataset: source,
      classNames: dataset.classNames,
      init: settings.init === undefined ? null : userPath(settings.init),
      epochsCompleted,
      history,
      final: { trainAcc: history.trainAcc.at(-1) ?? Number.NaN, validAcc: history.validAcc.at(-1) ?? Number.NaN },
      confusion: confusionMatrix(predicted, data.valid.labels, dataset.classes),
      seconds,
      msPerEpoch: epochsCompleted > 0 ? (seconds * 1000) / epochsCompleted : 0,
      memory: memorySamples,
    };
    // Non-finite weights are never written: the folder keeps the last finite checkpoint.
    const weights = checkpointArrays(model);
    if (Object.values(weights).every((a) => (a.data as Float32Array).every(Number.isFinite))) {
      folder.write('checkpoint.npz', writeNpz(weights));
      folder.write('optimizer.npz', writeNpz(optimizerArrays(optimizer.state(model.namedParameters()))));
    }
    writeReport(folder, model, metrics);
    return { metrics, weights };
  };

  const progress = createProgress({
    total: settings.epochs,
    start: startEpoch,
    quiet: flags.quiet === true,
    label: settings.model,
  });
  let result: FitResult | undefined;
  let diverged: TrainingDivergedError | undefined;
  try {
    result = await fit(model, data, {
      epochs: settings.epochs,
      optimizer,
      batchSize: settings.batchSize,
      evalEvery: settings.evalEvery,
      loss: settings.loss,
      seed: settings.seed,
      startEpoch,
      signal: controller.signal,
      strategy: workerThreads({ workers: settings.workers, replica: { kind: 'book', name: settings.model } }),
      onEpoch: (epoch) => {
        epochsCompleted = epoch;
        if (epoch < settings.epochs) optimizer.setLearningRate(schedule(epoch + 1));
        progress.update({ epoch });
        if (epoch % MEMORY_SAMPLE_EVERY === 0)
          memorySamples.push({ epoch, numTensors: memory().numTensors, rssBytes: process.memoryUsage().rss });
      },
      onEval: (record) => {
        records.push({ ...record, seconds: elapsed() });
        progress.update(record);
        if (performance.now() - lastSnapshot > SNAPSHOT_EVERY_MS) {
          lastSnapshot = performance.now();
          snapshot('running', elapsed());
        }
      },
    });
  } catch (error) {
    if (!(error instanceof TrainingDivergedError)) {
      folder.abandon();
      throw error;
    }
    diverged = error;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const seconds = elapsed();

  const status: Metrics['status'] = diverged ? 'diverged' : result?.stopped ? 'stopped' : 'complete';
  let final: ReturnType<typeof snapshot>;
  try {
    final = snapshot(status, seconds);
  } catch (error) {
    folder.abandon();
    throw error;
  } finally {
    data.dispose();
  }
  folder.commit();
  const { metrics, weights } = final;
  if (settings.save !== undefined && status !== 'diverged') await saveNpz(userPath(settings.save), weights);
  model.dispose();
  optimizer.dispose();

  printSummary(metrics, folder.path, flags);
  if (diverged) {
    process.stderr.write(`typeflow: ${diverged.message}; the run folder keeps the last finite weights\n`);
    return EXIT.failed;
  }
  if (status === 'stopped') {
    process.stderr.write(
      `typeflow: stopped after epoch ${epochsCompleted}; resume with: pnpm --filter cli train -- --resume ${folder.path}\n`,
    );
    return EXIT.interrupted;
  }
  return EXIT.ok;
}

function makeOptimizer(name: OptimizerName, lr: number): Optimizer {
  if (name === 'sgd') return new SGD(lr);
  if (name === 'momentum') return new Momentum(lr);
  return new Adam(lr);
}

function defaultRunName(settings: TrainSettings): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join('runs', `${settings.model}-${stamp}`);
}

function withoutPaths(settings: TrainSettings): Omit<TrainSettings, 'data' | 'init' | 'save' | 'out'> {
  const { data: _data, init: _init, save: _save, out: _out, ...rest } = settings;
  return rest;
}

/** The previous run's history (when resuming) followed by this run's evaluations. */
function joinHistory(
  before: RunHistory | undefined,
  records: readonly (EvalRecord & { readonly seconds: number })[],
): RunHistory {
  return {
    epoch: [...(before?.epoch ?? []), ...records.map((r) => r.epoch)],
    trainAcc: [...(before?.trainAcc ?? []), ...records.map((r) => r.trainAcc)],
    validAcc: [...(before?.validAcc ?? []), ...records.map((r) => r.validAcc)],
    loss: [...(before?.loss ?? []), ...records.map((r) => r.loss)],
    // Run folders written before the timings were recorded have none: null (NaN in JSON) there.
    seconds: [...(before?.seconds ?? before?.epoch.map(() => Number.NaN) ?? []), ...records.map((r) => r.seconds)],
  };
}

interface Previous {
  readonly folder: string;
  readonly metrics: Metrics;
  readonly settings: TrainSettings;
  readonly epochsCompleted: number;
}

/** The settings of the run in `folder`, to continue it; --epochs may ask for more epochs. */
function readPrevious(folder: string, flags: TrainCommandFlags): Previous {
  let metrics: Metrics;
  try {
    metrics = JSON.parse(readFileSync(join(folder, 'metrics.json'), 'utf8'));
  } catch {
    throw new UsageError(`--resume ${folder} is not a run folder (no readable metrics.json)`);
  }
  if (metrics.status === 'diverged')
    throw new UsageError(`--resume ${folder}: that run diverged; start a new one with a lower --lr`);
  const ignored = (
    [
      'model',
      'recipe',
      'lr',
      'batchSize',
      'optimizer',
      'loss',
      'data',
      'fonts',
      'characters',
      'seed',
      'init',
      'out',
    ] as const
  ).filter((k) => flags[k] !== undefined);
  if (ignored.length > 0)
    throw new UsageError(`--resume continues a run as it was set up; drop --${ignored.join(', --')}`);
  const epochs = flags.epochs ?? metrics.epochs;
  if (epochs < metrics.epochsCompleted) {
    throw new UsageError(`--epochs ${epochs} is fewer than the ${metrics.epochsCompleted} epochs ${folder} has done`);
  }
  const { model, recipe, loss, optimizer, lr, batchSize, evalEvery, backend, workers, seed, split } = metrics;
  const settings: TrainSettings = {
    ...{ model, recipe, loss, optimizer, lr, batchSize, epochs, evalEvery, workers, seed, split },
    schedule: metrics.schedule ?? 'constant',
    augment: metrics.augment ?? null,
    fonts: metrics.fonts ?? null,
    characters: metrics.characters ?? null,
    backend: (flags.backend as TrainSettings['backend'] | undefined) ?? backend,
    // A rendered dataset (built-in, --fonts, --characters) is rendered again, or read from the cache.
    data: metrics.dataset === 'built-in' || metrics.fonts || metrics.characters ? undefined : metrics.dataset,
    init: metrics.init ?? undefined,
  };
  return { folder, metrics, settings, epochsCompleted: metrics.epochsCompleted };
}
