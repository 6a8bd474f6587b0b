/**
 * What every runnable example of the docs shares: it is a function of an `ExampleContext` that reports
 * progress and resolves to numbers and SVG plots. The docs pages run it in the browser (Run button); the
 * tests run the very same function in Node and check its numbers.
 */
import type { FontDataset } from '@typeflow/data';

export interface Progress {
  /** 0..1 */
  readonly fraction: number;
  readonly message: string;
}

export interface ExampleContext {
  /** The built-in font dataset (fetched once in the browser, generated in Node). */
  readonly dataset: () => Promise<FontDataset>;
  readonly onProgress?: (progress: Progress) => void;
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

/** An accuracy (0..1) as the page shows it: 71.3% */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
