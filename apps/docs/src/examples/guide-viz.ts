import { accuracyCurves, heatmap, imageGrid, linePlot } from '@typeflow/viz';
import type { ExampleContext, ExampleResult } from './example.js';

/** Each kind of plot from made-up numbers: numbers in, a standalone SVG string out. */
export default async function vizGuide({ plotWidth }: ExampleContext): Promise<ExampleResult> {
  // #region plots
  const epochs = Array.from({ length: 30 }, (_, i) => 1 + i * 10);
  const curves = accuracyCurves({
    width: plotWidth,
    epochs,
    train: epochs.map((e) => 0.8 - 0.6 * Math.exp(-e / 80)),
    valid: epochs.map((e) => 0.7 - 0.5 * Math.exp(-e / 70)),
    title: 'accuracyCurves',
  });
  const confusion = heatmap(
    [
      [50, 3, 2],
      [4, 45, 6],
      [1, 7, 52],
    ],
    {
      maxWidth: plotWidth,
      rowLabels: ['A', 'B', 'C'],
      colLabels: ['A', 'B', 'C'],
      yLabel: 'true',
      xLabel: 'predicted',
      title: 'heatmap',
    },
  );
  const ring = (r: number) =>
    Float32Array.from({ length: 24 * 24 }, (_, p) =>
      Math.cos(Math.hypot((p % 24) - 11.5, Math.floor(p / 24) - 11.5) / r),
    );
  const grid = imageGrid([ring(1), ring(2), ring(3), ring(4)], {
    maxWidth: plotWidth, // wraps, and shrinks its tiles, to fit the page
    width: 24,
    height: 24,
    colormap: 'diverging',
    labels: ['r = 1', 'r = 2', 'r = 3', 'r = 4'],
    title: 'imageGrid',
  });
  const x = Array.from({ length: 101 }, (_, i) => -5 + i / 10);
  const lines = linePlot(
    [
      { name: 'tanh', x, y: x.map(Math.tanh) },
      { name: 'relu', x, y: x.map((v) => Math.max(0, v) / 5) },
    ],
    { width: plotWidth, title: 'linePlot', xLabel: 'x', yLabel: 'y' },
  );
  // #endregion plots
  return {
    metrics: [],
    plots: [
      { id: 'accuracy', caption: 'accuracyCurves: training dots, validation crosses', svg: curves },
      { id: 'heatmap', caption: 'heatmap: counts written in the cells', svg: confusion },
      { id: 'grid', caption: 'imageGrid: one shared, centred colour scale', svg: grid },
      { id: 'lines', caption: 'linePlot: the legend takes the emptiest corner', svg: lines },
    ],
    lines: [`SVG sizes: ${[curves, confusion, grid, lines].map((s) => s.length).join(', ')} characters`],
  };
}
