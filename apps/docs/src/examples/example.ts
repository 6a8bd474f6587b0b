/**
 * The plumbing every runnable example of the docs shares, in one file so the pages can show only what
 * teaches. An example is a function of an `ExampleContext` that resolves to numbers, printed lines and
 * SVG plots. The pages run it in a Web Worker (`worker.ts`, through `@typeflow/nn/worker`: the page
 * stays responsive and shows each evaluation as it happens); the tests run the very same function in
 * Node and check the numbers behind every claim its page makes.
 */
import { type FontDataset, normalize, split } from '@typeflow/data';
import type { fit, LabeledData, Layer } from '@typeflow/nn';
import { dispose, gather, keep, scope, tensor } from '@typeflow/tensor';

export interface ExampleContext {
  /** The built-in font dataset (fetched once in the browser, generated in Node). */
  readonly dataset: () => Promise<FontDataset>;
  /**
   * `fit` from `@typeflow/nn`. On a page it is the worker session's: it also sends each evaluation to
   * the page (the live plot) and stops when the reader presses Stop.
   */
  readonly fit: typeof fit;
  /** The width (CSS px) the page has for a plot: plots drawn at that width keep their text readable. */
  readonly plotWidth: number;
  /** Makes a run shorter: the tests pass nothing, the pages pass nothing; kept for quick experiments. */
  readonly epochs?: number;
}

/** A number the page shows (and the tests check): `value` raw, `text` formatted. */
export interface Metric {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

export interface Plot {
  readonly id: string;
  readonly caption: string;
  /** A standalone SVG document from @typeflow/viz. */
  readonly svg: string;
}

export interface ExampleResult {
  readonly metrics: Metric[];
  readonly plots: Plot[];
  /** Printed output, like the book's `print` calls. */
  readonly lines: string[];
}

export type Example = (context: ExampleContext) => Promise<ExampleResult>;

export function metric(id: string, label: string, value: number, text = String(value)): Metric {
  return { id, label, value, text };
}

/** How many numbers the model learns (every page counts parameters this way): 170,309 for the MLP. */
export function parameterMetric(model: Layer): Metric {
  const count = model.parameters().reduce((total, p) => total + p.value.size, 0);
  return metric('parameters', 'parameters (learned numbers)', count, count.toLocaleString('en'));
}

/** An accuracy (0..1) as the page shows it: 71.3% */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

// The book's data preparation, shared by the chapter examples: pixels scaled to 0..1 as rows of 1296,
// split as the book splits (numpy's seed-0 permutation, first 10% for validation).

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
