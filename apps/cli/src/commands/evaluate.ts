import { accuracy, confusionMatrix, type LabeledData, predictClasses } from '@typeflow/nn';
import { type Backend, setBackend } from '@typeflow/tensor';
import { allTensors, checkEvaluationImages, loadDataset, splitTensors, validationCount } from '../dataset-source.js';
import { EXIT } from '../errors.js';
import { modelFromCheckpoint } from '../model-from-checkpoint.js';

export interface EvaluateFlags {
  readonly checkpoint: string;
  readonly data?: string;
  readonly subset: 'all' | 'train' | 'valid';
  readonly seed: number;
  readonly backend: Backend;
  readonly json?: boolean;
}

export async function evaluateCommand(flags: EvaluateFlags): Promise<number> {
  await setBackend(flags.backend);
  const { model, name } = await modelFromCheckpoint(flags.checkpoint);
  const { dataset, source } = await loadDataset(flags.data, (line) => process.stderr.write(`${line}\n`));
  const valid = validationCount(dataset.count);
  const images = { all: dataset.count, valid, train: dataset.count - valid }[flags.subset];
  const origin = flags.data === undefined ? 'the built-in dataset' : `--data ${source}`;
  checkEvaluationImages(dataset, images, `--subset ${flags.subset}`, origin);
  let part: LabeledData;
  if (flags.subset === 'all') part = allTensors(dataset);
  else {
    const parts = splitTensors(dataset, flags.seed);
    part = parts[flags.subset];
    (flags.subset === 'train' ? parts.valid : parts.train).x.dispose();
  }
  const predicted = predictClasses(model, part.x);
  part.x.dispose();
  const result = {
    model: name,
    dataset: source,
    subset: flags.subset,
    images: part.labels.length,
    accuracy: accuracy(predicted, part.labels),
    classNames: dataset.classNames,
    confusion: confusionMatrix(predicted, part.labels, dataset.classes),
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(...dataset.classNames.map((n) => n.length), 6);
  const header = `${'true \\ predicted'.padEnd(width + 2)}${dataset.classNames.map((n) => n.padStart(width + 2)).join('')}`;
  const rows = result.confusion.map(
    (row, i) =>
      `${(dataset.classNames[i] ?? '').padEnd(width + 2)}${row.map((c) => String(c).padStart(width + 2)).join('')}`,
  );
  process.stdout.write(
    `${name} on ${source} (${flags.subset}, ${result.images} images): accuracy ${(result.accuracy * 100).toFixed(2)}%\n\n${header}\n${rows.join('\n')}\n`,
  );
  return EXIT.ok;
}
