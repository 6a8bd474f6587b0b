import { accuracy, confusionMatrix, type LabeledData, predictClasses } from '@typeflow/nn';
import { type Backend, setBackend } from '@typeflow/tensor';
import { allTensors, checkEvaluationImages, loadDataset, splitTensors, validationCount } from '../dataset-source.js';
import { EXIT } from '../errors.js';
import { checkClasses, modelFromCheckpoint } from '../model-from-checkpoint.js';

export interface EvaluateFlags {
  readonly checkpoint: string;
  readonly data?: string;
  readonly fonts?: string[];
  readonly characters?: string;
  readonly subset: 'all' | 'train' | 'valid';
  readonly seed: number;
  readonly backend: Backend;
  readonly json?: boolean;
}

export async function evaluateCommand(flags: EvaluateFlags): Promise<number> {
  await setBackend(flags.backend);
  const { model, name, classes } = await modelFromCheckpoint(flags.checkpoint);
  const { dataset, source } = await loadDataset(flags, (line) => process.stderr.write(`${line}\n`));
  checkClasses(flags.checkpoint, classes, source, dataset.classes);
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
  const table = confusionTable(dataset.classNames, result.confusion);
  process.stdout.write(
    `${name} on ${source} (${flags.subset}, ${result.images} images): accuracy ${(result.accuracy * 100).toFixed(2)}%\n\n${table}\n`,
  );
  return EXIT.ok;
}

/** Rows = true class, columns = predicted; columns headed by class names, or by index when the names would not fit. */
function confusionTable(names: readonly string[], confusion: readonly number[][]): string {
  const corner = 'true \\ predicted';
  const longest = Math.max(...names.map((n) => n.length));
  const byName = corner.length + names.length * (longest + 2) <= 120;
  const headers = byName ? names : names.map((_, i) => String(i));
  const rowNames = byName ? names : names.map((n, i) => `${i} ${n}`);
  const cell = Math.max(...headers.map((h) => h.length), ...confusion.flat().map((c) => String(c).length)) + 2;
  const first = Math.max(corner.length, ...rowNames.map((n) => n.length)) + 2;
  const header = `${corner.padEnd(first)}${headers.map((h) => h.padStart(cell)).join('')}`;
  const rows = confusion.map(
    (row, i) => `${(rowNames[i] ?? '').padEnd(first)}${row.map((c) => String(c).padStart(cell)).join('')}`,
  );
  return [header, ...rows].join('\n');
}
