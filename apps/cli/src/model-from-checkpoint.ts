import { loadNpz, type NpyArray } from '@typeflow/data';
import { type BookModelName, bookModel, restoreCheckpoint, type Sequential } from '@typeflow/nn';
import { UsageError } from './errors.js';
import { userPath } from './paths.js';

/**
 * Which book model a checkpoint's arrays belong to: W, b (logistic); W1..W2 (hidden); W1..W3 (mlp,
 * or cnn when W1 is a [5, 5, 1, 4] filter); W1..W4 (cnn2).
 */
function modelName(arrays: Record<string, NpyArray>, path: string): BookModelName {
  const names = Object.keys(arrays);
  if (names.includes('W')) return 'logistic';
  if (names.includes('W4')) return 'cnn2';
  if (names.includes('W3')) return arrays.W1?.shape.length === 4 ? 'cnn' : 'mlp';
  if (names.includes('W2')) return 'hidden';
  throw new UsageError(
    `--checkpoint ${path} has arrays ${names.join(', ') || '(none)'}; expected the book's W, b or W1, b1, W2, b2 (, W3, b3)`,
  );
}

/** The classes a checkpoint's output layer tells apart: the last dimension of its last weight array. */
function classCount(arrays: Record<string, NpyArray>, path: string): number {
  const last = Object.keys(arrays)
    .filter((k) => /^W\d*$/.test(k))
    .sort((a, b) => Number(a.slice(1) || 0) - Number(b.slice(1) || 0))
    .at(-1) as string;
  const classes = arrays[last]?.shape.at(-1);
  if (classes === undefined || classes < 2)
    throw new UsageError(`--checkpoint ${path}: ${last} has shape [${arrays[last]?.shape}], not [inputs, classes]`);
  return classes;
}

/** The book model a checkpoint file describes (its model and class count), with its weights. */
export async function modelFromCheckpoint(
  path: string,
): Promise<{ model: Sequential; name: BookModelName; classes: number }> {
  const file = userPath(path);
  const arrays = await loadNpz(file);
  assertFiniteWeights(arrays, `--checkpoint ${file}`);
  const name = modelName(arrays, file);
  const classes = classCount(arrays, file);
  const model = bookModel(name, { classes });
  restoreCheckpoint(model, arrays, file);
  return { model, name, classes };
}

/** Refuses a dataset whose class count is not the model's. */
export function checkClasses(checkpoint: string, classes: number, source: string, datasetClasses: number): void {
  if (classes !== datasetClasses) {
    throw new UsageError(
      `--checkpoint ${checkpoint} tells ${classes} classes apart, but the dataset (${source}) has ${datasetClasses}`,
    );
  }
}

/** Refuses weights holding NaN or an infinity: a model with them predicts one class for every image. */
export function assertFiniteWeights(arrays: Record<string, NpyArray>, source: string): void {
  for (const [name, array] of Object.entries(arrays)) {
    const values = array.data as ArrayLike<number>;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]))
        throw new UsageError(`${source}: array '${name}' holds ${values[i]} at index ${i}; expected finite weights`);
    }
  }
}
