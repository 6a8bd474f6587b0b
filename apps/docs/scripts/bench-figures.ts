/**
 * Regenerates the Performance page's measured groups (bench/figures.json: `machine`, `goals`, `epoch`,
 * `recipes`) from the newest bench-results/ file that `pnpm bench` wrote (schema 2), so the page's
 * tables are that file's figures, with the machine they ran on. The other groups (matmul, accuracy)
 * come from other sources and are kept.
 *   pnpm --filter @typeflow/docs bench-figures [bench-results/<file>.json]
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIGURES = fileURLToPath(new URL('../bench/figures.json', import.meta.url));

interface Goal {
  id: string;
  description: string;
  unit: 'ms' | 's' | 'MB';
  typeflow: number | null;
  peers: Record<string, number | null>;
  skipped: Record<string, string>;
  peerOverTypeflow: Record<string, number | null>;
  target: string;
  met: boolean | null;
}

interface Results {
  schema: number;
  date: string;
  commit: string;
  machine: {
    cpu: string;
    cpuFamily: number | null;
    cpus: number;
    simd: { avx2: boolean; avx512f: boolean };
    node: string;
    loadAverage: { start: number[]; end: number[] };
  };
  libraries: Record<string, unknown> & { python?: Record<string, unknown> };
  goals: Goal[];
  epoch: {
    impl: string;
    model: string;
    backend: string;
    workers: number;
    msPerEpoch: number;
    error?: string;
  }[];
  timeToAccuracy: {
    data: string;
    workers: number;
    recipe: { model: string; lr: number; batchSize: number; epochs: number };
    reached: Record<string, { seconds: number; epoch: number } | null>;
    final: { validAcc: number };
    seconds: number;
    peakRssMB: number;
  }[];
}

function newest(): string {
  const files = readdirSync(`${ROOT}bench-results`).filter((f) => f.endsWith('.json'));
  const withSchema = files
    .map((f) => ({ f, r: JSON.parse(readFileSync(`${ROOT}bench-results/${f}`, 'utf8')) as Results }))
    .filter(({ r }) => r.schema >= 2)
    .sort((a, b) => a.r.date.localeCompare(b.r.date));
  const last = withSchema.at(-1);
  if (last === undefined) throw new Error('no bench-results/*.json of schema 2: run pnpm bench first');
  return `bench-results/${last.f}`;
}

const source = process.argv[2] ?? newest();
const results = JSON.parse(readFileSync(`${ROOT}${source}`, 'utf8')) as Results;
const { machine } = results;
const day = results.date.slice(0, 10);
const load = (l: number[] | undefined) => l?.[0]?.toFixed(1) ?? '?';
const simd = [machine.simd.avx2 ? 'AVX2' : '', machine.simd.avx512f ? 'AVX-512' : ''].filter(Boolean).join(', ');
const python = results.libraries.python ?? {};
const blas = (python.numpyBlas as { openblas?: string } | undefined)?.openblas?.split(' ').slice(0, 2).join(' ');
const machineLine = `${machine.cpu}${machine.cpuFamily === null ? '' : ` (family ${machine.cpuFamily})`}, ${machine.cpus} cores, ${simd}, Node ${machine.node}; numpy ${python.numpy ?? '-'}, PyTorch ${python.torch ?? '-'}${blas ? `, ${blas}` : ''}`;
const measured = `Measured ${day} (commit ${results.commit}) on ${machineLine}; load average ${load(machine.loadAverage.start)} at the start and ${load(machine.loadAverage.end)} at the end (the machine is shared: compare the ratios, not the times)`;

const figure = (v: number | null, unit: string) =>
  v === null ? '-' : `${v.toFixed(unit === 'ms' ? 1 : unit === 's' ? 2 : 0)} ${unit}`;
const ratio = (v: number | null | undefined) => (v == null ? '-' : `${v.toFixed(2)}x`);
const goals = results.goals.map((g) => ({
  what: g.description,
  typeflow: figure(g.typeflow, g.unit),
  numpy: g.skipped.numpy ? 'no peer' : g.peers.numpy === undefined ? '' : figure(g.peers.numpy, g.unit),
  torch: g.skipped.torch ? 'no peer' : g.peers.torch === undefined ? '' : figure(g.peers.torch, g.unit),
  others:
    g.peers['tfjs-layers'] === undefined
      ? ''
      : `tfjs-layers ${figure(g.peers['tfjs-layers'], g.unit)} (${ratio(g.peerOverTypeflow['tfjs-layers'])})`,
  ratios: ['numpy', 'torch']
    .filter((name) => g.peerOverTypeflow[name] != null)
    .map((name) => `${name} / typeflow ${ratio(g.peerOverTypeflow[name])}`)
    .join(', '),
  target: g.target,
  met: g.met === null ? 'unknown' : g.met ? 'yes' : 'no',
}));

const ms = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '-' : `${v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en')} ms`;
const epochRows = [...new Set(results.epoch.map((e) => `${e.model} (${e.backend})`))].map((key) => {
  const of = (impl: string, workers?: number) =>
    results.epoch.find(
      (e) => `${e.model} (${e.backend})` === key && e.impl === impl && (workers === undefined || e.workers === workers),
    );
  const one = of('typeflow', 1);
  const all = machine.cpus > 1 ? of('typeflow', machine.cpus) : undefined;
  const layers = of('tfjs-layers');
  const r = (ours: typeof one) =>
    ours && layers && !layers.error ? `${Math.round(layers.msPerEpoch / ours.msPerEpoch)}x` : '-';
  return {
    model: key,
    one: ms(one?.msPerEpoch),
    all: ms(all?.msPerEpoch),
    layers: layers?.error ? 'cannot train it' : ms(layers?.msPerEpoch),
    ratio: all ? `${r(one)} (1 thread), ${r(all)} (${machine.cpus})` : r(one),
  };
});

const recipeRows = results.timeToAccuracy.map((run) => {
  const reached = Object.entries(run.reached)
    .map(
      ([t, at]) =>
        `${Math.round(Number(t) * 100)}% ${at ? `after ${at.seconds.toFixed(1)} s (epoch ${at.epoch})` : 'not reached'}`,
    )
    .join(', ');
  return {
    what: `${run.recipe.model} fast recipe (lr ${run.recipe.lr}, batches of ${run.recipe.batchSize}, ${run.recipe.epochs} epochs), ${run.data} data, ${run.workers} thread${run.workers === 1 ? '' : 's'}`,
    value: `${reached}; ${(run.final.validAcc * 100).toFixed(1)}% after ${run.seconds.toFixed(1)} s; peak RSS ${Math.round(run.peakRssMB)} MB`,
  };
});

const figures = JSON.parse(readFileSync(FIGURES, 'utf8'));
const updated = {
  ...figures,
  about:
    'Figures shown on the Performance page, each group with its source and date. machine, goals, epoch and recipes are generated from the newest bench-results/ file by `pnpm --filter @typeflow/docs bench-figures` after `pnpm bench`.',
  machine: { source: `${source} (pnpm bench)`, measured, line: machineLine },
  goals: { source: `${source} (pnpm bench)`, measured, rows: goals },
  epoch: { source: `${source} (pnpm bench)`, measured, rows: epochRows },
  recipes: { source: `${source} (pnpm bench)`, measured, rows: recipeRows },
};
writeFileSync(`${FIGURES}.tmp`, `${JSON.stringify(updated, null, 2)}\n`);
renameSync(`${FIGURES}.tmp`, FIGURES);
console.log(`bench/figures.json updated from ${source}`);
