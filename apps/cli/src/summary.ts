import type { Metrics, RunHistory } from './report.js';

/** The end-of-run summary: a small table on stdout, or one JSON object with --json. */
export function printSummary(
  metrics: Metrics,
  folder: string,
  flags: { readonly json?: boolean; readonly quiet?: boolean },
): void {
  if (flags.json) {
    const { history: _history, confusion, ...rest } = metrics;
    process.stdout.write(`${JSON.stringify({ runFolder: folder, ...rest, confusion })}\n`);
    return;
  }
  if (flags.quiet) return;
  const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : '-');
  const rows: [string, string][] = [
    [
      'model',
      `${metrics.model} (${metrics.recipe} recipe: ${metrics.loss} loss, ${metrics.optimizer} lr ${metrics.lr}, batch ${metrics.batchSize})`,
    ],
    ['status', metrics.status],
    ['epochs', `${metrics.epochsCompleted} of ${metrics.epochs}`],
    ['train accuracy', pct(metrics.final.trainAcc)],
    ['validation accuracy', pct(metrics.final.validAcc)],
    ['training time', `${metrics.seconds.toFixed(1)} s`],
    ['time to validation', [0.9, 0.95, 0.97].map((level) => reached(metrics.history, level)).join(', ')],
    ['ms per epoch', metrics.msPerEpoch.toFixed(2)],
    ['backend', metrics.backend],
    ['dataset', metrics.dataset],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  process.stdout.write(
    `\n${lines.join('\n')}\n\n  run folder: ${folder}\n  (metrics.json, accuracy.svg, confusion.svg, weights.svg, output-weights.svg, checkpoint.npz, index.html)\n`,
  );
}

/** "95%: 20.1 s (epoch 12)": the first evaluation at or above `level`, or "95%: not reached". */
function reached(history: RunHistory, level: number): string {
  const i = history.validAcc.findIndex((v) => v >= level);
  const name = `${Math.round(level * 100)}%`;
  if (i < 0) return `${name}: not reached`;
  // Run folders from before the timings were recorded have null there (NaN written as JSON).
  const seconds = history.seconds?.[i] ?? Number.NaN;
  return `${name}: ${Number.isFinite(seconds) ? `${seconds.toFixed(1)} s ` : ''}(epoch ${history.epoch[i]})`;
}
