import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as A from '@typeflow/autograd';
import { normalize } from '@typeflow/data';
import { predictClasses } from '@typeflow/nn';
import { type Backend, scope, setBackend, tensor } from '@typeflow/tensor';
import { type LoadedDataset, loadDataset } from '../dataset-source.js';
import { EXIT, UsageError } from '../errors.js';
import { readGlyphPng } from '../glyph-image.js';
import { checkClasses, modelFromCheckpoint } from '../model-from-checkpoint.js';
import { userPath } from '../paths.js';

export interface PredictFlags {
  readonly checkpoint: string;
  readonly image?: string;
  readonly index?: number;
  readonly data?: string;
  readonly fonts?: string[];
  readonly characters?: string;
  readonly backend: Backend;
  readonly json?: boolean;
}

export async function predictCommand(flags: PredictFlags): Promise<number> {
  if ((flags.image === undefined) === (flags.index === undefined)) {
    throw new UsageError('predict needs exactly one of --image <png> or --index <n>');
  }
  await setBackend(flags.backend);
  const { model, name, classes } = await modelFromCheckpoint(flags.checkpoint);
  let pixels: Uint8Array;
  let classNames = runClassNames(flags.checkpoint, classes);
  let label: number | undefined;
  const named = flags.index !== undefined || flags.data !== undefined || flags.fonts !== undefined;
  const loaded = named ? await loadDataset(flags, (line) => process.stderr.write(`${line}\n`)) : undefined;
  if (loaded) {
    checkClasses(flags.checkpoint, classes, loaded.source, loaded.dataset.classes);
    classNames = loaded.dataset.classNames;
  }
  if (flags.image !== undefined) {
    pixels = readGlyphPng(userPath(flags.image));
  } else {
    const dataset = (loaded as LoadedDataset).dataset;
    const index = flags.index as number;
    if (index >= dataset.count)
      throw new UsageError(
        `--index ${index} is out of range: the dataset has ${dataset.count} images (0..${dataset.count - 1})`,
      );
    const size = dataset.height * dataset.width;
    pixels = dataset.images.slice(index * size, (index + 1) * size);
    label = dataset.labels[index];
  }
  const x = tensor(normalize(pixels), [1, pixels.length]);
  const probabilities = scope(() => A.softmax(model.forward(x))).dataSync();
  const predicted = predictClasses(model, x)[0] as number;
  const result = {
    model: name,
    predicted,
    predictedName: classNames[predicted],
    label: label ?? null,
    probabilities: Object.fromEntries(classNames.map((n, i) => [n, probabilities[i]])),
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(16, ...classNames.map((n) => n.length));
  const lines = classNames.map(
    (n, i) =>
      `  ${(i === predicted ? '> ' : '  ') + n.padEnd(width)} ${((probabilities[i] as number) * 100).toFixed(1).padStart(5)}%`,
  );
  const truth = label === undefined ? '' : ` (true: ${classNames[label]})`;
  process.stdout.write(`${name}: ${classNames[predicted]}${truth}\n${lines.join('\n')}\n`);
  return EXIT.ok;
}

/**
 * The class names of the run folder a checkpoint sits in (its metrics.json), so a glyph from a PNG is
 * named as in training; else 'font 0', 'font 1', ...
 */
function runClassNames(checkpoint: string, classes: number): string[] {
  try {
    const metrics = JSON.parse(readFileSync(join(dirname(userPath(checkpoint)), 'metrics.json'), 'utf8'));
    const names: unknown = metrics.classNames;
    if (Array.isArray(names) && names.length === classes && names.every((n) => typeof n === 'string')) return names;
  } catch {}
  return Array.from({ length: classes }, (_, i) => `font ${i}`);
}
