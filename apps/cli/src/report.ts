import type { History, Sequential } from '@typeflow/nn';
import { accuracyCurves, heatmap, imageGrid } from '@typeflow/viz';
import type { TrainSettings } from './settings.js';

/** A memory sample of a long run: live tensors and resident memory after `epoch`. */
export interface MemorySample {
  readonly epoch: number;
  readonly numTensors: number;
  readonly rssBytes: number;
}

/** fit's history with, for each evaluation, the seconds of training it took to get there. */
export interface RunHistory extends History {
  readonly seconds: number[];
}

/** metrics.json: the settings, the history, the final figures (fractions 0..1) and the timing. */
export interface Metrics extends Omit<TrainSettings, 'data' | 'init' | 'save' | 'out'> {
  readonly status: 'running' | 'complete' | 'stopped' | 'diverged';
  readonly dataset: string;
  readonly classNames: string[];
  readonly init: string | null;
  readonly epochsCompleted: number;
  readonly history: RunHistory;
  readonly final: { readonly trainAcc: number; readonly validAcc: number };
  /** Validation confusion matrix, rows = true font, columns = predicted. */
  readonly confusion: number[][];
  readonly seconds: number;
  readonly msPerEpoch: number;
  readonly memory: MemorySample[];
}

/** The plots, index.html and metrics.json of a save, by file name. */
export function reportFiles(model: Sequential, metrics: Metrics): Record<string, string> {
  const h = metrics.history;
  // Before the first evaluation (a run that diverged in its first epoch) there is no point to draw:
  // one NaN point gives the empty frame.
  const drawn = h.epoch.length > 0 ? h : { epoch: [0], trainAcc: [Number.NaN], validAcc: [Number.NaN] };
  const files: Record<string, string> = {
    'accuracy.svg': accuracyCurves({
      epochs: drawn.epoch,
      train: drawn.trainAcc,
      valid: drawn.validAcc,
      title: `${metrics.model} (${metrics.recipe} recipe): accuracy`,
    }),
    'confusion.svg': heatmap(metrics.confusion, {
      title: 'Validation confusion matrix',
      rowLabels: metrics.classNames,
      colLabels: metrics.classNames,
      yLabel: 'true font',
      xLabel: 'predicted font',
      colorbarLabel: 'images',
    }),
  };
  const dense = model.namedParameters();
  const first = dense.get('W') ?? dense.get('W1');
  const lastName = [...dense.keys()].filter((k) => k.startsWith('W')).at(-1) as string;
  if (first) files['weights.svg'] = firstLayerPicture(first.value.dataSync() as Float32Array, first.shape, metrics);
  const last = dense.get(lastName);
  if (last)
    files['output-weights.svg'] = outputWeightsPicture(
      last.value.dataSync() as Float32Array,
      last.shape,
      lastName,
      metrics,
    );
  files['index.html'] = indexPage(metrics);
  files['metrics.json'] = `${JSON.stringify(metrics, null, 2)}\n`;
  return files;
}

/**
 * First-layer weights as pictures: one 36x36 map per font (logistic; up to 8 a row), the first 32
 * hidden units (4 x 8), or each convolution filter of the first channel (cnn, cnn2).
 */
function firstLayerPicture(w: Float32Array, shape: readonly number[], metrics: Metrics): string {
  if (shape.length === 4) return filterPicture(w, shape as [number, number, number, number]);
  const [inputs, units] = shape as [number, number];
  const perFont = metrics.model === 'logistic';
  const count = perFont ? units : Math.min(units, 32);
  const images = Array.from({ length: count }, (_, u) =>
    Float32Array.from({ length: inputs }, (_, p) => w[p * units + u] as number),
  );
  return imageGrid(images, {
    width: 36,
    height: 36,
    rows: perFont ? undefined : 4,
    cols: perFont ? Math.min(count, 8) : 8,
    flipY: true,
    colormap: 'diverging',
    labels: perFont ? metrics.classNames : images.map((_, u) => `unit ${u}`),
    title: perFont ? 'Weights per font (W)' : `First-layer weights of ${count} of ${units} hidden units (W1)`,
    colorbarLabel: 'weight',
  });
}

/** Convolution filters [kh, kw, in, out] as out images of kh x kw (input channel 0), in the data's orientation. */
function filterPicture(w: Float32Array, [kh, kw, inChannels, out]: [number, number, number, number]): string {
  const images = Array.from({ length: out }, (_, f) =>
    Float32Array.from({ length: kh * kw }, (_, p) => w[p * inChannels * out + f] as number),
  );
  return imageGrid(images, {
    width: kw,
    height: kh,
    cols: Math.min(out, 8),
    flipY: true,
    colormap: 'diverging',
    labels: images.map((_, f) => `filter ${f}`),
    // Filters are a few pixels wide: draw each pixel large enough to read.
    pixelSize: Math.max(4, Math.floor(72 / Math.max(kh, kw))),
    title: `First-layer convolution filters (W1, ${kh}x${kw}, ${out} filters)`,
    colorbarLabel: 'weight',
  });
}

/** The last layer's weights [inputs, fonts] as a diverging heatmap. */
function outputWeightsPicture(w: Float32Array, shape: readonly number[], name: string, metrics: Metrics): string {
  const [inputs, fonts] = shape as [number, number];
  const rows = Array.from({ length: inputs }, (_, i) =>
    Array.from({ length: fonts }, (_, f) => w[i * fonts + f] as number),
  );
  return heatmap(rows, {
    title: `Output weights (${name})`,
    colLabels: metrics.classNames,
    rowLabels: inputs <= 128 ? rows.map((_, i) => i) : undefined,
    yLabel: inputs === 1296 ? 'pixel' : 'hidden unit',
    xLabel: 'font',
    colormap: 'diverging',
    colorbarLabel: 'weight',
    showValues: false,
    cellSize: inputs <= 64 ? 22 : undefined,
  });
}

function indexPage(m: Metrics): string {
  const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : '-');
  const row = (k: string, v: string | number) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>typeflow run: ${escapeHtml(m.model)} (${escapeHtml(m.recipe)})</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}th,td{text-align:left;padding:2px 12px 2px 0}img{max-width:100%;margin:1em 0;display:block}</style>
</head>
<body>
<h1>typeflow run: ${escapeHtml(m.model)} (${escapeHtml(m.recipe)} recipe)</h1>
<table>
${row('status', m.status)}
${row('train accuracy', pct(m.final.trainAcc))}
${row('validation accuracy', pct(m.final.validAcc))}
${row('epochs', `${m.epochsCompleted} of ${m.epochs}`)}
${row('loss / optimizer / learning rate', `${m.loss} / ${m.optimizer} / ${m.lr}`)}
${row('batch size', m.batchSize)}
${row('backend', m.backend)}
${row('dataset', m.dataset)}
${row('training time', `${m.seconds.toFixed(1)} s (${m.msPerEpoch.toFixed(2)} ms per epoch)`)}
</table>
<img src="accuracy.svg" alt="accuracy curves">
<img src="confusion.svg" alt="confusion matrix">
<img src="weights.svg" alt="first-layer weights">
<img src="output-weights.svg" alt="output weights">
<p>Files: <a href="metrics.json">metrics.json</a>, <a href="checkpoint.npz">checkpoint.npz</a></p>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
