/**
 * The CLI's `train` run for a model, set up as the command sets it up (settings, data preparation with
 * augmentation, split, model, optimizer, schedule), on the book's data or the built-in dataset: shared
 * by typeflow's time-to-accuracy measurement and the task files the Python peers train from, so both
 * start from the same weights and examples.
 */
import * as T from '@typeflow/tensor';
import { Adam, bookModel, learningRateSchedule, Momentum, type Optimizer, SGD } from '../src/index.js';
import { SHARED } from '../src/test-data.js';

// Loaded by URL at run time: a benchmark may look into the CLI; the nn package does not depend on it.
const cli = new URL('../../../apps/cli/src/', import.meta.url);
const { resolveSettings } = await import(new URL('settings.ts', cli).href);
const { loadDataset, splitTensors } = await import(new URL('dataset-source.ts', cli).href);

export type DataName = 'book' | 'built-in';

/** `typeflow train --model <model> [--workers w] [--data the book's file]`, with any flags given. */
export async function recipeSetup(model: string | undefined, data: DataName, workers?: number, flags = {}) {
  const settings = resolveSettings({
    ...(data === 'book' ? { data: `${SHARED}data/data_with_labels.npz` } : {}),
    model,
    workers,
    ...flags,
  });
  await T.setBackend(settings.backend);
  const { dataset } = await loadDataset({ data: settings.data }, () => {});
  const split = splitTensors(dataset, settings.seed, settings.augment ?? undefined);
  const network = bookModel(settings.model, { seed: settings.seed, classes: dataset.classes });
  const optimizer: Optimizer =
    settings.optimizer === 'sgd'
      ? new SGD(settings.lr)
      : settings.optimizer === 'momentum'
        ? new Momentum(settings.lr)
        : new Adam(settings.lr);
  const schedule = learningRateSchedule(settings.schedule, settings.lr, settings.epochs);
  return { settings, dataset, split, network, optimizer, schedule };
}
