import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FontDataset, loadNpz, writeNpz } from '@typeflow/data';
import {
  Adam,
  bookModel,
  checkpointArrays,
  confusionMatrix,
  type EvalRecord,
  type FitResult,
  fit,
  learningRateSchedule,
  Momentum,
  type Optimizer,
  predictClasses,
  restoreCheckpoint,
  type Sequential,
  SGD,
  TrainingDivergedError,
} from '@typeflow/nn';
import { workerThreads } from '@typeflow/nn/parallel';
import { memory, setBackend } from '@typeflow/tensor';
import { writeFileAtomic } from '../atomic-file.js';
import { checkEvaluationImages, loadDataset, splitTensors, validationCount } from '../dataset-source.js';
import { refuseVirtualFileSystem } from '../directories.js';
import { EXIT, ResourceError, signalExitCode, UsageError } from '../errors.js';
import { trainCommandLine } from '../invocation.js';
import { assertFiniteWeights } from '../model-from-checkpoint.js';
import { optimizerArrays, optimizerStateFrom } from '../optimizer-state.js';
import { userPath } from '../paths.js';
import { createProgress } from '../progress.js';
import { type MemorySample, type Metrics, type RunHistory, reportFiles } from '../report.js';
import { checkMemory, checkWorkers, machineMemory, trainingMemory } from '../resources.js';
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
  // A resumed folder is locked before its state is read, so no other process changes it meanwhile.
  let folder = flags.resume === undefined ? undefined : RunFolder.open(userPath(flags.resume));
  const onSecondSignal = () => folder?.close();
  try {
    const previous = folder && readPrevious(folder, flags);
    const settings = previous?.settings ?? resolveSettings(flags);
    const target = folder ? undefined : userPath(settings.out ?? defaultRunName(settings));
    if (target !== undefined) refuseVirtualFileSystem(target, '--out');
    if (settings.save !== undefined) refuseVirtualFileSystem(userPath(settings.save), '--save');
    const run = await prepare(settings, previous, flags.quiet === true);
    folder ??= RunFolder.create(target as string);
    return await train(run, folder, previous, flags, onSecondSignal);
  } finally {
    folder?.close();
  }
}

/** Everything a run needs before it trains: checked up front, so bad input leaves no run folder. */
interface PreparedRun {
  readonly settings: TrainSettings;
  readonly dataset: FontDataset;
  readonly source: string;
  readonly model: Sequential;
  readonly optimizer: Optimizer;
  readonly data: ReturnType<typeof splitTensors>;
  readonly log: (line: string) => void;
}

async function prepare(settings: TrainSettings, previous: Previous | undefined, quiet: boolean): Promise<PreparedRun> {
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  checkWorkers(settings.workers, warn);
  await setBackend(settings.backend);
  const { dataset, source } = await loadDataset(
    { data: settings.data, fonts: settings.fonts ?? undefined, characters: settings.characters ?? undefined },
    log,
  );
  const name = settings.data === undefined ? 'the built-in dataset' : `--data ${source}`;
  checkEvaluationImages(dataset, validationCount(dataset.count), "the book's validation split", name);
  const model = bookModel(settings.model, { seed: settings.seed, classes: dataset.classes });
  const trainImages = (dataset.count - validationCount(dataset.count)) * (1 + (settings.augment?.copies ?? 0));
  const shape = {
    backend: settings.backend,
    trainImages,
    pixels: dataset.height * dataset.width,
    imagesFlag: settings.augment ? `--augment ${settings.augment.copies}` : `--data ${source}`,
    batchRows: settings.batchSize === 'full' ? trainImages : settings.batchSize,
    batchFlag: `--batch-size ${settings.batchSize}`,
    workers: settings.workers,
  };
  checkMemory(trainingMemory(shape, model), shape, machineMemory(), warn);
  const optimizer = makeOptimizer(settings.optimizer, settings.lr);
  if (previous) {
    await restoreWeights(model, join(previous.state, 'checkpoint.npz'), `--resume ${previous.folder}`);
    const state = optimizerStateFrom(optimizer.name, await loadNpz(join(previous.state, 'optimizer.npz')));
    optimizer.loadState(state, model.namedParameters());
  } else if (settings.init !== undefined) {
    await restoreWeights(model, userPath(settings.init), `--init ${userPath(settings.init)}`);
  }
  const data = splitTensors(dataset, settings.seed, settings.augment ?? undefined);
  return { settings, dataset, source, model, optimizer, data, log };
}

async function train(
  run: PreparedRun,
  folder: RunFolder,
  previous: Previous | undefined,
  flags: TrainCommandFlags,
  onSecondSignal: () => void,
): Promise<number> {
  const { settings, dataset, source, model, optimizer, data, log } = run;
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals = 'SIGINT';
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      onSecondSignal();
      process.exit(signalExitCode(signal));
    }
    stoppedBy = signal;
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
  let savedEpoch = startEpoch;
  const started = performance.now();
  const elapsed = () => (previous?.metrics.seconds ?? 0) + (performance.now() - started) / 1000;
  let lastSnapshot = started;
  /** Saves the run's state as one unit: weights, optimizer state, metrics, plots. */
  const snapshot = (status: Metrics['status'], seconds: number): Metrics => {
    const history = joinHistory(previous?.metrics.history, records);
    const metrics: Metrics = {
      ...withoutPaths(settings),
      status,
      dataset: source,
      classNames: dataset.classNames,
      init: settings.init === undefined ? null : userPath(settings.init),
      epochsCompleted,
      history,
      final: { trainAcc: history.trainAcc.at(-1) ?? Number.NaN, validAcc: history.validAcc.at(-1) ?? Number.NaN },
      confusion: confusionMatrix(predictClasses(model, data.valid.x), data.valid.labels, dataset.classes),
      seconds,
      msPerEpoch: epochsCompleted > 0 ? (seconds * 1000) / epochsCompleted : 0,
      memory: memorySamples,
    };
    const weights = checkpointArrays(model);
    // fit stops before a step that makes the loss non-finite, so finite weights stay finite.
    if (!Object.values(weights).every((a) => (a.data as Float32Array).every(Number.isFinite)))
      throw new Error(`the weights became non-finite by epoch ${epochsCompleted} although the loss stayed finite`);
    try {
      folder.save({
        'checkpoint.npz': writeNpz(weights),
        'optimizer.npz': writeNpz(optimizerArrays(optimizer.state(model.namedParameters()))),
        ...reportFiles(model, metrics),
      });
    } catch (error) {
      if (!(error instanceof ResourceError)) throw error;
      // Before its first save a new run leaves nothing behind (RunFolder.close removes it).
      const next =
        folder.saves > 0 || previous
          ? `it keeps its save of epoch ${savedEpoch}: free some space, then --resume ${folder.path}`
          : 'free some space and start the run again';
      throw new ResourceError(`${error.message}; ${next}`);
    }
    savedEpoch = epochsCompleted;
    return metrics;
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
    // A new run is resumable by its name from the start.
    if (!previous) snapshot('running', 0);
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
      data.dispose();
      throw error;
    }
    diverged = error;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const status: Metrics['status'] = diverged ? 'diverged' : result?.stopped ? 'stopped' : 'complete';
  let metrics: Metrics;
  try {
    metrics = snapshot(status, elapsed());
  } finally {
    data.dispose();
  }
  if (settings.save !== undefined && status !== 'diverged')
    writeFileAtomic(userPath(settings.save), writeNpz(checkpointArrays(model)));
  model.dispose();
  optimizer.dispose();

  printSummary(metrics, folder.path, flags);
  if (diverged) {
    process.stderr.write(`typeflow: ${diverged.message}; the run folder keeps the last finite weights\n`);
    return EXIT.failed;
  }
  if (status === 'stopped') {
    process.stderr.write(
      `typeflow: stopped after epoch ${epochsCompleted}; resume with: ${trainCommandLine()} --resume ${folder.path}\n`,
    );
    return signalExitCode(stoppedBy);
  }
  return EXIT.ok;
}

/** Weights from an npz file into `model`, refusing NaN or infinite values (named by `source`). */
async function restoreWeights(model: Sequential, path: string, source: string): Promise<void> {
  const arrays = await loadNpz(path);
  assertFiniteWeights(arrays, source);
  restoreCheckpoint(model, arrays, path);
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
  /** The folder holding the files of the save being continued. */
  readonly state: string;
  readonly metrics: Metrics;
  readonly settings: TrainSettings;
  readonly epochsCompleted: number;
}

/** The settings of the run saved in `folder`, to continue it; --epochs may ask for more epochs. */
function readPrevious(folder: RunFolder, flags: TrainCommandFlags): Previous {
  const state = folder.current;
  let metrics: Metrics;
  try {
    metrics = JSON.parse(readFileSync(join(state, 'metrics.json'), 'utf8'));
  } catch {
    throw new UsageError(`--resume ${folder.path} is not a run folder (no readable metrics.json)`);
  }
  if (metrics.status === 'diverged')
    throw new UsageError(`--resume ${folder.path}: that run diverged; start a new one with a lower --lr`);
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
    throw new UsageError(
      `--epochs ${epochs} is fewer than the ${metrics.epochsCompleted} epochs ${folder.path} has done`,
    );
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
    save: flags.save,
  };
  return { folder: folder.path, state, metrics, settings, epochsCompleted: metrics.epochsCompleted };
}
