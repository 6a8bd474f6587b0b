import * as A from '@typeflow/autograd';
import { normalize } from '@typeflow/data';
import { predictClasses } from '@typeflow/nn';
import { type Backend, scope, setBackend, tensor } from '@typeflow/tensor';
import { loadDataset } from '../dataset-source.js';
import { EXIT, UsageError } from '../errors.js';
import { readGlyphPng } from '../glyph-image.js';
import { modelFromCheckpoint } from '../model-from-checkpoint.js';
import { userPath } from '../paths.js';

export interface PredictFlags {
  readonly checkpoint: string;
  readonly image?: string;
  readonly index?: number;
  readonly data?: string;
  readonly backend: Backend;
  readonly json?: boolean;
}

export async function predictCommand(flags: PredictFlags): Promise<number> {
  if ((flags.image === undefined) === (flags.index === undefined)) {
    throw new UsageError('predict needs exactly one of --image <png> or --index <n>');
  }
  await setBackend(flags.backend);
  const { model, name } = await modelFromCheckpoint(flags.checkpoint);
  let pixels: Uint8Array;
  let classNames: string[] = Array.from({ length: 5 }, (_, i) => `font ${i}`);
  let label: number | undefined;
  if (flags.image !== undefined) {
    pixels = readGlyphPng(userPath(flags.image));
  } else {
    const { dataset } = await loadDataset(flags.data, (line) => process.stderr.write(`${line}\n`));
    const index = flags.index as number;
    if (index >= dataset.count)
      throw new UsageError(
        `--index ${index} is out of range: the dataset has ${dataset.count} images (0..${dataset.count - 1})`,
      );
    const size = dataset.height * dataset.width;
    pixels = dataset.images.slice(index * size, (index + 1) * size);
    classNames = dataset.classNames;
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
  const lines = classNames.map(
    (n, i) =>
      `  ${(i === predicted ? '> ' : '  ') + n.padEnd(16)} ${((probabilities[i] as number) * 100).toFixed(1).padStart(5)}%`,
  );
  const truth = label === undefined ? '' : ` (true: ${classNames[label]})`;
  process.stdout.write(`${name}: ${classNames[predicted]}${truth}\n${lines.join('\n')}\n`);
  return EXIT.ok;
}
