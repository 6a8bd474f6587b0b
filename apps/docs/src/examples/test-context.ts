/** For the examples' tests: the wasm backend (as in the browser) and the built-in dataset, generated once. */
import { type FontDataset, generateFontDataset } from '@typeflow/data';
import { fit } from '@typeflow/nn';
import { setBackend } from '@typeflow/tensor';
import type { ExampleContext, ExampleResult } from './example.js';

let dataset: FontDataset | undefined;

/** The widths the site test checks: a desktop page's plot and a 390 px phone's. */
export const DESKTOP_PLOT_WIDTH = 640;
export const PHONE_PLOT_WIDTH = 342;

export async function nodeContext(plotWidth = DESKTOP_PLOT_WIDTH): Promise<ExampleContext> {
  await setBackend('wasm');
  return {
    dataset: async () => {
      dataset ??= generateFontDataset();
      return dataset;
    },
    fit,
    plotWidth,
  };
}

export function metricValue(result: ExampleResult, id: string): number {
  const found = result.metrics.find((m) => m.id === id);
  if (!found) throw new Error(`no metric '${id}' in ${result.metrics.map((m) => m.id).join(', ')}`);
  return found.value;
}

/** The plot's SVG, checked to be one standalone document. */
export function plotSvg(result: ExampleResult, id: string): string {
  const svg = result.plots.find((p) => p.id === id)?.svg;
  if (svg === undefined) throw new Error(`no plot '${id}' in ${result.plots.map((p) => p.id).join(', ')}`);
  if (!/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/.test(svg) || !svg.trimEnd().endsWith('</svg>')) {
    throw new Error(`plot '${id}' is not a standalone SVG document`);
  }
  return svg;
}

export function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}

/** Each metric's id and value, for `failedClaims`. */
export function metricValues(result: ExampleResult): Record<string, number> {
  return Object.fromEntries(result.metrics.map((m) => [m.id, m.value]));
}
