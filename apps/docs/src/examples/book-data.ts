/**
 * The book's data preparation, shared by the chapter examples: pixels scaled to 0..1 as rows of 1296,
 * split as the book splits (numpy's seed-0 permutation, first 10% for validation).
 */
import { type FontDataset, normalize, split } from '@typeflow/data';
import type { LabeledData } from '@typeflow/nn';
import { dispose, gather, keep, scope, tensor } from '@typeflow/tensor';

export interface BookData {
  readonly train: LabeledData;
  readonly valid: LabeledData;
  readonly classNames: string[];
  /** The dataset index of each validation row. */
  readonly validIndices: Int32Array;
  dispose(): void;
}

export function bookData(dataset: FontDataset, seed = 0): BookData {
  const { train, valid } = split(dataset.count, { seed, mode: 'numpy' });
  const pixels = dataset.height * dataset.width;
  const part = (indices: Int32Array): LabeledData => ({
    // One [count, 1296] tensor, gathered into the part's rows; scope releases the full one.
    x: keep(
      scope(() =>
        gather(tensor(normalize(dataset.images), [dataset.count, pixels]), tensor(indices, [indices.length], 'int32')),
      ),
    ),
    labels: Array.from(indices, (i) => dataset.labels[i] as number),
  });
  const parts = { train: part(train), valid: part(valid) };
  return {
    ...parts,
    classNames: dataset.classNames,
    validIndices: valid,
    dispose: () => dispose([parts.train.x, parts.valid.x]),
  };
}

/**
 * Column `u` of a weight matrix W [inputs, units] (stored row-major, as the book stores W) as an image
 * of `inputs` pixels: what unit `u` looks for in a glyph.
 */
export function weightColumns(weights: Float32Array, inputs: number, units: number, count = units): Float32Array[] {
  return Array.from({ length: count }, (_, u) =>
    Float32Array.from({ length: inputs }, (_, p) => weights[p * units + u] as number),
  );
}

/** Mean image (0..255) of each font. */
export function fontMeans(dataset: FontDataset): Float32Array[] {
  const pixels = dataset.height * dataset.width;
  const sums = Array.from({ length: dataset.classes }, () => new Float32Array(pixels));
  const counts = new Array<number>(dataset.classes).fill(0);
  for (let i = 0; i < dataset.count; i++) {
    const label = dataset.labels[i] as number;
    const sum = sums[label] as Float32Array;
    counts[label] = (counts[label] as number) + 1;
    for (let p = 0; p < pixels; p++) sum[p] = (sum[p] as number) + (dataset.images[i * pixels + p] as number);
  }
  return sums.map((sum, c) => sum.map((v) => v / (counts[c] as number)));
}
