/**
 * Time to given validation accuracies with the CLI's fast recipe for a model (`typeflow train
 * --model <model>` with no other flags but `--data`; the default model when none is given), on the
 * book's data and split (numpy, seed 0) or the built-in dataset, in a fresh process. The settings, the
 * data preparation (augmentation included) and the optimizer come from the CLI's own modules, so this
 * measures exactly that command, with a timestamp at every evaluation. Prints one JSON line.
 *   time-to-accuracy.ts [model] [workers] [book|built-in] [flags as JSON]
 */
import { fit } from '../src/index.js';
import { workerThreads } from '../src/parallel/index.js';
import { type DataName, recipeSetup } from './recipe-setup.js';

const thresholdsOf = (model: string): number[] => (model.startsWith('cnn') ? [0.9, 0.95, 0.97] : [0.63, 0.8, 0.9]);

const [modelArg, workersArg, dataArg = 'book', flagsArg = '{}'] = process.argv.slice(2);
const workers = workersArg === undefined || workersArg === '' ? undefined : Number(workersArg);
const {
  settings,
  split: data,
  network,
  optimizer,
  schedule,
} = await recipeSetup(modelArg || undefined, dataArg as DataName, workers, JSON.parse(flagsArg));
// The book's best (about 63%) and round figures; the CNNs start where the MLP ends.
const THRESHOLDS = thresholdsOf(settings.model);
optimizer.setLearningRate(schedule(1));
const reached: Record<string, { seconds: number; epoch: number } | null> = Object.fromEntries(
  THRESHOLDS.map((t) => [t, null]),
);
const curve: { epoch: number; seconds: number; validAcc: number; trainAcc: number }[] = [];
const started = performance.now();
const result = await fit(network, data, {
  epochs: settings.epochs,
  optimizer,
  batchSize: settings.batchSize,
  evalEvery: settings.evalEvery,
  loss: settings.loss,
  seed: settings.seed,
  strategy: workerThreads({ workers: settings.workers, replica: { kind: 'book', name: settings.model } }),
  onEpoch: (epoch) => {
    if (epoch < settings.epochs) optimizer.setLearningRate(schedule(epoch + 1));
  },
  onEval: (record) => {
    const seconds = (performance.now() - started) / 1000;
    curve.push({ epoch: record.epoch, seconds, validAcc: record.validAcc, trainAcc: record.trainAcc });
    for (const t of THRESHOLDS)
      if (reached[t] === null && record.validAcc >= t) reached[t] = { seconds, epoch: record.epoch };
  },
});
const { data: _path, ...recipe } = settings;
process.stdout.write(
  `${JSON.stringify({
    data: dataArg,
    recipe,
    trainingExamples: data.train.labels.length,
    reached,
    final: { trainAcc: result.history.trainAcc.at(-1), validAcc: result.history.validAcc.at(-1) },
    bestValidAcc: Math.max(...result.history.validAcc),
    seconds: result.seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    curve,
  })}\n`,
);
