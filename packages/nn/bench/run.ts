/**
 * `pnpm bench` (in packages/nn): typeflow against TensorFlow.js's layers API on the same machine, in
 * one run. Each measurement runs in a fresh process (its peak memory is its own):
 *   (a) one full-batch training epoch of each book model: typeflow on 1 thread and on every core,
 *       tfjs-layers (`model.fit`), on the wasm backend (and the MLP and cnn on cpu, where tfjs-layers
 *       can train a CNN: its wasm backend has no Conv2DBackpropFilter kernel): ms per epoch, effective
 *       GFLOP/s (training matmul FLOPs / time) and the ratio;
 *   (b) seconds to 63%, 80% and 90% validation accuracy with the CLI's default recipe (the MLP), and to
 *       90%, 95% and 97% with cnn2's fast recipe;
 *   (c) peak resident memory of each process, live tensors and RSS before and after the timed epochs.
 * Prints a table and writes bench-results/<date>-<commit>.json at the repository root.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BookModelName } from '../src/models.js';
import { SHARED } from '../src/test-data.js';
import type { EpochMeasurement, EpochTask } from './measure-epoch.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const TSX = import.meta.resolve('tsx');
const cores = availableParallelism();

/** Runs a bench script in a fresh Node process (from TypeScript sources) and parses its JSON line. */
function child<R>(script: string, args: readonly string[]): Promise<R> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=source', '--import', TSX, `${HERE}${script}`, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => {
      out += d;
    });
    proc.stderr.on('data', (d) => {
      err += d;
    });
    proc.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as R);
      } catch {
        reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${err.slice(-800)}`));
      }
    });
  });
}

// Enough timed epochs for a stable mean, few enough that the whole bench stays within minutes:
// tfjs-layers needs about a second per MLP epoch on wasm and four on cpu.
const TASKS: EpochTask[] = [];
const models: BookModelName[] = ['logistic', 'hidden', 'mlp', 'cnn', 'cnn2'];
for (const model of models) {
  const cnn = model.startsWith('cnn');
  const epochs = cnn ? 10 : 100;
  TASKS.push({ impl: 'typeflow', model, backend: 'wasm', workers: 1, epochs, warmup: 3 });
  if (cores > 1) TASKS.push({ impl: 'typeflow', model, backend: 'wasm', workers: cores, epochs, warmup: 3 });
  TASKS.push({ impl: 'tfjs-layers', model, backend: 'wasm', workers: 1, epochs: cnn ? 1 : 3, warmup: 1 });
}
TASKS.push({ impl: 'typeflow', model: 'mlp', backend: 'cpu', workers: 1, epochs: 3, warmup: 1 });
TASKS.push({ impl: 'tfjs-layers', model: 'mlp', backend: 'cpu', workers: 1, epochs: 2, warmup: 1 });
// tfjs-layers needs about 40 s per cnn epoch on cpu: one timed epoch.
TASKS.push({ impl: 'typeflow', model: 'cnn', backend: 'cpu', workers: 1, epochs: 2, warmup: 1 });
TASKS.push({ impl: 'tfjs-layers', model: 'cnn', backend: 'cpu', workers: 1, epochs: 1, warmup: 1 });

if (!existsSync(`${SHARED}data/data_with_labels.npz`)) {
  console.log(`bench: the book's dataset is not at ${SHARED}data/data_with_labels.npz; nothing to measure`);
  process.exit(0);
}

const started = new Date();
const load = [loadavg()];
const epochs: EpochMeasurement[] = [];
for (const task of TASKS) {
  const label = `${task.impl} ${task.model} ${task.backend}${task.impl === 'typeflow' ? ` x${task.workers}` : ''}`;
  process.stderr.write(`bench: ${label} ...\n`);
  epochs.push(await child<EpochMeasurement>('measure-epoch.ts', [JSON.stringify(task)]));
}
const accuracy: TimeToAccuracy[] = [];
for (const model of ['mlp', 'cnn2']) {
  process.stderr.write(`bench: time to accuracy with the ${model} fast recipe ...\n`);
  accuracy.push(await child<TimeToAccuracy>('time-to-accuracy.ts', [model]));
}
load.push(loadavg());

interface TimeToAccuracy {
  readonly recipe: Record<string, unknown>;
  readonly reached: Record<string, { seconds: number; epoch: number } | null>;
  readonly final: { trainAcc: number; validAcc: number };
  readonly seconds: number;
  readonly peakRssMB: number;
}

const find = (impl: string, model: string, backend: string, workers = 1) =>
  epochs.find((e) => e.impl === impl && e.model === model && e.backend === backend && e.workers === workers);
const ratios = epochs
  .filter((e) => e.impl === 'tfjs-layers')
  .map((peer) => {
    const one = find('typeflow', peer.model, peer.backend);
    const all = find('typeflow', peer.model, peer.backend, cores);
    const ratio = (ours: EpochMeasurement | undefined) =>
      ours && Number.isFinite(peer.msPerEpoch) ? peer.msPerEpoch / ours.msPerEpoch : null;
    return {
      model: peer.model,
      backend: peer.backend,
      vsOneThread: ratio(one),
      vsAllCores: ratio(all),
      peerError: peer.error,
    };
  });

const fixed = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);
console.log(
  `\nOne full-batch training epoch (2511 examples); load average at start ${load[0]?.map((l) => l.toFixed(2)).join(' ')}`,
);
// GFLOP/s counts the dense products' multiply-adds (bench/flops.ts) whatever the kernel skips.
console.log('model     impl         backend threads   ms/epoch   GFLOP/s  setup ms  peak RSS MB  tensors');
for (const e of epochs) {
  const row = [
    e.model.padEnd(9),
    e.impl.padEnd(12),
    e.backend.padEnd(7),
    String(e.impl === 'typeflow' ? e.workers : 1).padStart(7),
    fixed(e.msPerEpoch).padStart(10),
    fixed(e.gflops).padStart(9),
    fixed(e.setupMs, 0).padStart(9),
    fixed(e.peakRssMB, 0).padStart(12),
    `  ${e.tensors.join(' -> ')}`,
    e.error ? `  (${e.error})` : '',
  ];
  console.log(row.join(' '));
}
console.log('\ntfjs-layers time / typeflow time (same backend)');
for (const r of ratios) {
  const result = r.peerError
    ? 'tfjs-layers cannot train it here'
    : `1 thread ${fixed(r.vsOneThread)}x   ${cores} threads ${fixed(r.vsAllCores)}x`;
  console.log(`${r.model.padEnd(9)} ${r.backend.padEnd(5)} ${result}`);
}
for (const run of accuracy) {
  console.log(`\nFast recipe (${JSON.stringify(run.recipe)}) on the book's data:`);
  for (const [threshold, at] of Object.entries(run.reached)) {
    console.log(
      `  ${(Number(threshold) * 100).toFixed(0)}% validation accuracy: ${at ? `${at.seconds.toFixed(1)} s (epoch ${at.epoch})` : 'not reached'}`,
    );
  }
  console.log(
    `  final: train ${(run.final.trainAcc * 100).toFixed(1)}%, valid ${(run.final.validAcc * 100).toFixed(1)}% after ${run.seconds.toFixed(1)} s; peak RSS ${run.peakRssMB.toFixed(0)} MB`,
  );
}
console.log(`load average at end ${load[1]?.map((l) => l.toFixed(2)).join(' ')}`);

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const results = {
  date: started.toISOString(),
  commit,
  machine: { cpus: cores, cpu: cpus()[0]?.model, node: process.version, loadAverage: { start: load[0], end: load[1] } },
  epoch: epochs,
  ratios,
  timeToAccuracy: accuracy,
};
const folder = `${ROOT}bench-results`;
mkdirSync(folder, { recursive: true });
const file = `${folder}/${started.toISOString().slice(0, 10)}-${commit}.json`;
const temporary = file.replace(/\.json$/, '.tmp.json');
writeFileSync(temporary, `${JSON.stringify(results, null, 2)}\n`);
try {
  // In the repository's JSON style, so that `pnpm lint` passes with the results committed.
  execFileSync(`${ROOT}node_modules/.bin/biome`, ['format', '--write', temporary], { stdio: 'ignore' });
} catch {
  // Without Biome the file is still valid JSON.
}
renameSync(temporary, file);
console.log(`\nresults written to ${file}`);
