/**
 * `pnpm bench` (in packages/nn): typeflow against TensorFlow.js's layers API on the same machine, in
 * one run. Each measurement runs in a fresh process (its peak memory is its own):
 *   (a) one full-batch training epoch of each book model: typeflow on 1 thread and on every core,
 *       tfjs-layers (`model.fit`), on the wasm backend (and the MLP and cnn on cpu, where tfjs-layers
 *       can train a CNN: its wasm backend has no Conv2DBackpropFilter kernel): ms per epoch, effective
 *       GFLOP/s (training matmul FLOPs / time) and the ratio;
 *   (b) seconds to 63%, 80% and 90% validation accuracy with the CLI's default recipe (the MLP), and to
 *       90%, 95% and 97% with cnn2's fast recipe;
 *   (c) peak resident memory of each process, live tensors and RSS before and after the timed epochs;
 *   (d) the peers users would pick instead, numpy and PyTorch CPU (bench/peers.ts), on the same work:
 *       the book MLP's full-batch epoch, and time to 90% with the default `train` recipe (book data and
 *       built-in data) and to 97% with cnn2's, from the same weights, examples and minibatch order;
 *   (e) the issue's goals, each with typeflow's figure, each peer's, the ratio and whether it is met.
 * Prints the tables and writes bench-results/<date>-<commit>.json at the repository root.
 *   pnpm bench            everything
 *   pnpm --filter @typeflow/nn bench --goals    only what the goals need (the book MLP's epoch, the recipes)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BookModelName } from '../src/models.js';
import { SHARED } from '../src/test-data.js';
import type { EpochMeasurement, EpochTask } from './measure-epoch.js';
import {
  isSkipped,
  lastJsonLine,
  missingLibrary,
  type PeerEpoch,
  type PeerRecipe,
  peerLibraries,
  runPython,
  type Skipped,
  scratch,
  writeEpochTask,
  writeRecipeTask,
} from './peers.js';
import type { DataName } from './recipe-setup.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const TSX = import.meta.resolve('tsx');
const cores = availableParallelism();

/** Runs a bench script in a fresh Node process (from TypeScript sources) and parses its JSON line. */
async function child<R>(script: string, args: readonly string[]): Promise<R> {
  const outcome = await lastJsonLine<R>(process.execPath, [
    '--conditions=source',
    '--import',
    TSX,
    `${HERE}${script}`,
    ...args,
  ]);
  if (outcome.ok) return outcome.value;
  const why = outcome.startError?.message ?? outcome.stderr.slice(-800);
  throw new Error(`${script} ${args.join(' ')} exited ${outcome.code}: ${why}`);
}

// Enough timed epochs for a stable mean, few enough that the whole bench stays within minutes:
// tfjs-layers needs about a second per MLP epoch on wasm and four on cpu.
const goalsOnly = process.argv.includes('--goals');
const TASKS: EpochTask[] = [];
const models: BookModelName[] = goalsOnly ? ['mlp'] : ['logistic', 'hidden', 'mlp', 'cnn', 'cnn2'];
for (const model of models) {
  const cnn = model.startsWith('cnn');
  const epochs = cnn ? 10 : 100;
  TASKS.push({ impl: 'typeflow', model, backend: 'wasm', workers: 1, epochs, warmup: 3 });
  if (cores > 1) TASKS.push({ impl: 'typeflow', model, backend: 'wasm', workers: cores, epochs, warmup: 3 });
  TASKS.push({ impl: 'tfjs-layers', model, backend: 'wasm', workers: 1, epochs: cnn ? 1 : 3, warmup: 1 });
}
if (!goalsOnly) {
  TASKS.push({ impl: 'typeflow', model: 'mlp', backend: 'cpu', workers: 1, epochs: 3, warmup: 1 });
  TASKS.push({ impl: 'tfjs-layers', model: 'mlp', backend: 'cpu', workers: 1, epochs: 2, warmup: 1 });
  // tfjs-layers needs about 40 s per cnn epoch on cpu: one timed epoch.
  TASKS.push({ impl: 'typeflow', model: 'cnn', backend: 'cpu', workers: 1, epochs: 2, warmup: 1 });
  TASKS.push({ impl: 'tfjs-layers', model: 'cnn', backend: 'cpu', workers: 1, epochs: 1, warmup: 1 });
}

if (!existsSync(`${SHARED}data/data_with_labels.npz`)) {
  console.log(`bench: the book's dataset is not at ${SHARED}data/data_with_labels.npz; nothing to measure`);
  process.exit(0);
}

const started = new Date();
const machine = machineInfo();
const load = [loadavg()];
const epochs: EpochMeasurement[] = [];
for (const task of TASKS) {
  const label = `${task.impl} ${task.model} ${task.backend}${task.impl === 'typeflow' ? ` x${task.workers}` : ''}`;
  process.stderr.write(`bench: ${label} ...\n`);
  epochs.push(await child<EpochMeasurement>('measure-epoch.ts', [JSON.stringify(task)]));
}
// The recipes: the default `train` (the MLP) on the book's data and the built-in data, with its
// default threads and with the other choice (1 or every core: the default is chosen by measurement),
// and cnn2's on the book's data. `default` marks the runs of the recipe as the CLI runs it.
const RECIPES: { model: BookModelName; data: DataName; workers?: number }[] = [
  { model: 'mlp', data: 'book' },
  { model: 'mlp', data: 'built-in' },
  { model: 'cnn2', data: 'book' },
];
const accuracy: TimeToAccuracy[] = [];
const asDefault = (model: string, data: DataName) =>
  accuracy.find((a) => a.recipe.model === model && a.data === data && a.defaultThreads);
for (const { model, data } of RECIPES) {
  for (const workers of [undefined, ...(model === 'mlp' && cores > 1 ? [1, cores] : [])]) {
    if (workers !== undefined && asDefault(model, data)?.workers === workers) continue; // the default ran so
    const label = workers === undefined ? 'default threads' : `${workers} threads`;
    process.stderr.write(`bench: time to accuracy with the ${model} fast recipe, ${data} data, ${label} ...\n`);
    const run = await child<Omit<TimeToAccuracy, 'workers' | 'defaultThreads'>>('time-to-accuracy.ts', [
      model,
      workers === undefined ? '' : String(workers),
      data,
    ]);
    const threads = run.recipe.workers as number;
    accuracy.push({ ...run, workers: threads, defaultThreads: workers === undefined });
  }
}

// The peers, each in its own process after typeflow's (never at the same time).
const python = await peerLibraries();
const peerEpochs: (PeerEpoch | (Skipped & { library: string }))[] = [];
const peerRecipes: ((PeerRecipe | (Skipped & { library: string })) & { model: string; data: DataName })[] = [];
const PEER_EPOCHS = 100;
{
  const { folder, remove } = scratch();
  try {
    const epochFile = join(folder, 'mlp-epoch.npz');
    await writeEpochTask(epochFile, PEER_EPOCHS, 3);
    for (const library of ['numpy', 'torch'] as const) {
      process.stderr.write(`bench: ${library} book MLP full-batch epoch ...\n`);
      const missing = missingLibrary(python, library);
      const run = missing
        ? { skipped: missing }
        : await runPython<PeerEpoch>('mlp_epoch.py', [library, epochFile, String(cores)]);
      peerEpochs.push({ ...run, library });
    }
    for (const { model, data } of RECIPES) {
      const workers = asDefault(model, data)?.workers ?? cores;
      const file = join(folder, `${model}-${data}.npz`);
      const thresholds = model === 'mlp' ? [0.63, 0.8, 0.9] : [0.9, 0.95, 0.97];
      await writeRecipeTask(file, model, data, workers, thresholds);
      // No numpy CNN: a numpy convolution written for the bench would measure our numpy, not numpy's.
      for (const library of model === 'mlp' ? (['numpy', 'torch'] as const) : (['torch'] as const)) {
        process.stderr.write(`bench: ${library} ${model} recipe, ${data} data ...\n`);
        const missing = missingLibrary(python, library);
        const run = missing
          ? { skipped: missing }
          : await runPython<PeerRecipe>('recipe.py', [library, file, String(cores)]);
        peerRecipes.push({ ...run, library, model, data });
      }
    }
  } finally {
    remove();
  }
}
load.push(loadavg());

interface TimeToAccuracy {
  readonly data: DataName;
  readonly workers: number;
  /** Whether this run used the recipe's default threads (as `typeflow train` runs it). */
  readonly defaultThreads: boolean;
  readonly recipe: Record<string, unknown>;
  readonly reached: Record<string, { seconds: number; epoch: number } | null>;
  readonly final: { trainAcc: number; validAcc: number };
  readonly seconds: number;
  readonly peakRssMB: number;
  readonly curve: { epoch: number; seconds: number; validAcc: number; trainAcc: number }[];
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
  const { data: _d, fonts: _f, characters: _c, split: _s, backend: _b, ...shown } = run.recipe;
  console.log(
    `\nFast recipe (${JSON.stringify(shown)}) on the ${run.data} data, ${run.workers} threads${run.defaultThreads ? ' (its default)' : ''}:`,
  );
  for (const [threshold, at] of Object.entries(run.reached)) {
    console.log(
      `  ${(Number(threshold) * 100).toFixed(0)}% validation accuracy: ${at ? `${at.seconds.toFixed(1)} s (epoch ${at.epoch})` : 'not reached'}`,
    );
  }
  console.log(
    `  final: train ${(run.final.trainAcc * 100).toFixed(1)}%, valid ${(run.final.validAcc * 100).toFixed(1)}% after ${run.seconds.toFixed(1)} s; peak RSS ${run.peakRssMB.toFixed(0)} MB`,
  );
}
for (const run of peerRecipes) {
  if (isSkipped(run)) {
    console.log(`\n${run.library} ${run.model} recipe, ${run.data} data: skipped (${run.skipped})`);
    continue;
  }
  console.log(
    `\n${run.library} ${run.model} recipe, ${run.data} data, ${run.threads} threads (same weights and batches):`,
  );
  for (const [threshold, at] of Object.entries(run.reached)) {
    console.log(
      `  ${(Number(threshold) * 100).toFixed(0)}% validation accuracy: ${at ? `${at.seconds.toFixed(1)} s (epoch ${at.epoch})` : 'not reached'}`,
    );
  }
  const ours = asDefault(run.model, run.data);
  const same = ours?.curve.every(
    (point, i) => run.curve[i]?.epoch === point.epoch && run.curve[i]?.validAcc === point.validAcc,
  );
  console.log(
    `  validation curve ${same ? 'identical to' : 'differs from'} typeflow's: ${run.curve.map((p) => (p.validAcc * 100).toFixed(1)).join(' ')}`,
  );
}
console.log(`load average at end ${load[1]?.map((l) => l.toFixed(2)).join(' ')}`);

// The goals (issue 17), each a ratio of figures measured in this run.
interface Goal {
  /** Stable key. */
  readonly id: string;
  readonly description: string;
  readonly unit: 'ms' | 's' | 'MB';
  readonly typeflow: number | null;
  /** Each peer's figure (null: skipped or not reached; see `skipped`). */
  readonly peers: Record<string, number | null>;
  readonly skipped: Record<string, string>;
  /** peer figure / typeflow figure: above 1, typeflow is faster (or smaller). */
  readonly peerOverTypeflow: Record<string, number | null>;
  readonly target: string;
  readonly met: boolean | null;
}
const goals: Goal[] = [];
const ratioOf = (peer: number | null, ours: number | null) =>
  peer !== null && ours !== null && ours > 0 ? peer / ours : null;
function goal(
  id: string,
  description: string,
  unit: Goal['unit'],
  typeflow: number | null,
  peers: Record<string, number | null | Skipped>,
  target: string,
  met: (ours: number | null, ratios: Record<string, number | null>) => boolean | null,
): void {
  const figures: Record<string, number | null> = {};
  const skipped: Record<string, string> = {};
  for (const [name, value] of Object.entries(peers)) {
    if (isSkipped(value)) {
      skipped[name] = value.skipped;
      figures[name] = null;
    } else figures[name] = value;
  }
  const ratios = Object.fromEntries(Object.entries(figures).map(([name, v]) => [name, ratioOf(v, typeflow)]));
  goals.push({
    id,
    description,
    unit,
    typeflow,
    peers: figures,
    skipped,
    peerOverTypeflow: ratios,
    target,
    met: met(typeflow, ratios),
  });
}
const epochOf = (library: string) => {
  const run = peerEpochs.find((p) => p.library === library);
  return run === undefined ? { skipped: 'not run' } : isSkipped(run) ? run : run.msPerEpoch;
};
// typeflow's faster setting (1 thread or every core), as the book recipe's user would pick with --workers.
const bookEpoch = epochs
  .filter((e) => e.impl === 'typeflow' && e.model === 'mlp' && e.backend === 'wasm' && !e.error)
  .sort((a, b) => a.msPerEpoch - b.msPerEpoch)[0];
const tfjsEpoch = find('tfjs-layers', 'mlp', 'wasm');
goal(
  'bookMlpEpoch',
  `book MLP, one full-batch training epoch (2511 images), typeflow on ${bookEpoch?.workers ?? 1} thread(s) (its faster)`,
  'ms',
  bookEpoch?.msPerEpoch ?? null,
  { numpy: epochOf('numpy'), torch: epochOf('torch'), 'tfjs-layers': tfjsEpoch?.msPerEpoch ?? null },
  'typeflow <= 1.0x numpy time, >= 30x faster than tfjs-layers',
  (_, r) => (r.numpy == null || r['tfjs-layers'] == null ? null : r.numpy >= 1 && r['tfjs-layers'] >= 30),
);
const secondsTo = (threshold: string, run?: { reached: Record<string, { seconds: number } | null> }) =>
  run?.reached[threshold]?.seconds ?? null;
for (const data of ['book', 'built-in'] as const) {
  const ours = asDefault('mlp', data);
  const peers = Object.fromEntries(
    ['numpy', 'torch'].map((library) => {
      const run = peerRecipes.find((p) => p.library === library && p.model === 'mlp' && p.data === data);
      return [library, run === undefined ? { skipped: 'not run' } : isSkipped(run) ? run : secondsTo('0.9', run)];
    }),
  );
  goal(
    `defaultTrain90${data === 'book' ? 'Book' : 'BuiltIn'}`,
    `default \`train\` (MLP recipe), seconds to 90% validation accuracy, ${data === 'book' ? "the book's" : 'the built-in'} data, ${ours?.workers ?? '?'} thread(s) (its default)`,
    's',
    secondsTo('0.9', ours),
    peers,
    'typeflow <= 5 s and before numpy',
    (t, r) => (t === null ? false : t <= 5 && (r.numpy == null || r.numpy >= 1)),
  );
}
{
  const ours = asDefault('cnn2', 'book');
  const run = peerRecipes.find((p) => p.library === 'torch' && p.model === 'cnn2');
  goal(
    'cnn2To97Book',
    `cnn2 recipe, seconds to 97% validation accuracy, the book's data, ${ours?.workers ?? '?'} threads`,
    's',
    secondsTo('0.97', ours),
    {
      numpy: {
        skipped: 'no numpy CNN peer (numpy has no convolution; one written for the bench would measure our numpy)',
      },
      torch: run === undefined ? { skipped: 'not run' } : isSkipped(run) ? run : secondsTo('0.97', run),
    },
    'typeflow sooner than each peer',
    (t, r) => (t === null ? false : r.torch == null ? null : r.torch >= 1),
  );
}
{
  const ours = asDefault('mlp', 'book');
  goal(
    'defaultTrainPeakRss',
    `default \`train\`, peak resident memory of the process, the book's data, ${ours?.workers ?? '?'} thread(s)`,
    'MB',
    ours?.peakRssMB ?? null,
    {},
    '<= 500 MB',
    (t) => (t === null ? null : t <= 500),
  );
  const mlp = bookEpoch; // the setting of the epoch goal
  goal(
    'bookMlpPeakRss',
    `book MLP full-batch training (${(mlp?.warmup ?? 0) + (mlp?.epochs ?? 0)} epochs), peak resident memory; RSS ${mlp?.rssMB.map((v) => v.toFixed(0)).join(' -> ')} MB over the timed epochs`,
    'MB',
    mlp?.peakRssMB ?? null,
    {},
    '<= 300 MB and flat',
    (t) => (t === null ? null : t <= 300),
  );
}
console.log(
  `\nGoals (issue 17), one run on ${machine.cpu} (${cores} threads; load average ${load[0]?.map((l) => l.toFixed(2)).join(' ')} at start):`,
);
for (const g of goals) {
  const figure = (v: number | null) =>
    v === null ? '-' : `${v.toFixed(g.unit === 'ms' ? 1 : g.unit === 's' ? 2 : 0)} ${g.unit}`;
  console.log(`- ${g.description}: typeflow ${figure(g.typeflow)}`);
  for (const [name, value] of Object.entries(g.peers)) {
    const ratio = g.peerOverTypeflow[name];
    console.log(
      g.skipped[name]
        ? `    ${name}: skipped (${g.skipped[name]})`
        : `    ${name}: ${figure(value)}${ratio == null ? '' : `  (${name} / typeflow = ${ratio.toFixed(2)}x)`}`,
    );
  }
  console.log(`    goal ${g.target}: ${g.met === null ? 'unknown (a figure is missing)' : g.met ? 'met' : 'NOT met'}`);
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const results = {
  schema: 2,
  date: started.toISOString(),
  commit,
  machine: { ...machine, loadAverage: { start: load[0], end: load[1] } },
  libraries: { ...typeflowLibraries(), python },
  goals,
  epoch: epochs,
  ratios,
  timeToAccuracy: accuracy,
  peerEpoch: peerEpochs,
  peerTimeToAccuracy: peerRecipes,
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

/** The CPU, its SIMD flags and the machine's size, as /proc/cpuinfo and Node report them. */
function machineInfo() {
  let flags: string[] = [];
  let family: string | undefined;
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    flags = (/^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? '').split(/\s+/);
    family = /^cpu family\s*:\s*(\d+)$/m.exec(info)?.[1];
  } catch {
    // Not Linux: the flags stay unknown.
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cpuFamily: family === undefined ? null : Number(family),
    cpus: cores,
    simd: { avx2: flags.includes('avx2'), avx512f: flags.includes('avx512f') },
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The tfjs packages typeflow runs on, as installed. */
function typeflowLibraries(): Record<string, string> {
  const versions: Record<string, string> = {};
  // The wasm backend is a dependency of @typeflow/tensor, not of nn: resolved from there.
  const fromTensor = createRequire(new URL('../../tensor/package.json', import.meta.url));
  for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-layers']) {
    try {
      const file = name.endsWith('wasm')
        ? fromTensor.resolve(`${name}/package.json`)
        : fileURLToPath(import.meta.resolve(`${name}/package.json`));
      versions[name] = JSON.parse(readFileSync(file, 'utf8')).version;
    } catch {
      versions[name] = 'unknown';
    }
  }
  return versions;
}
