/**
 * The Python peers of `pnpm bench`: numpy and PyTorch (CPU) running the same work as typeflow's
 * measurement. typeflow writes a task file (.npz: the initial weights, the training and validation
 * images, the labels, and for a recipe each epoch's minibatch order, learning rate and Dropout masks)
 * and the peer (bench/peers/*.py) trains from it, so the accuracy curves match and only time differs.
 * Peers run with /usr/bin/python3 (Debian's numpy and python3-torch), with OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE unset for their command alone (set, they slow a current OpenBLAS); a peer whose
 * library is missing is skipped with the reason.
 *   node --conditions=source --import tsx bench/peers.ts [epoch|mlp|cnn2] [book|built-in]   (peers alone)
 */
import { type SpawnOptions, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveNpz } from '@typeflow/data';
import * as T from '@typeflow/tensor';
import { BOOK_RECIPES, bookModel, type Layer } from '../src/index.js';
import { partOf } from '../src/parallel/protocol.js';
import { epochBatches } from '../src/shuffle.js';
import { bookData } from '../src/test-data.js';
import { type DataName, recipeSetup } from './recipe-setup.js';

const HERE = fileURLToPath(new URL('peers/', import.meta.url));
export const PYTHON = '/usr/bin/python3';
const cores = availableParallelism();

export interface Skipped {
  readonly skipped: string;
}

/** How a bench child process ended: its last stdout line as JSON, else its exit code and stderr. */
export type ChildOutcome<R> =
  | { readonly ok: true; readonly value: R }
  | { readonly ok: false; readonly code: number | null; readonly stderr: string; readonly startError?: Error };

/** Runs `command` and parses the last line it prints as JSON (the bench scripts' and the peers' protocol). */
export function lastJsonLine<R>(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<ChildOutcome<R>> {
  return new Promise((resolve) => {
    const proc = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let startError: Error | undefined;
    proc.stdout.on('data', (d) => {
      out += d;
    });
    proc.stderr.on('data', (d) => {
      err += d;
    });
    proc.on('error', (error) => {
      startError = error;
    });
    proc.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ ok: true, value: JSON.parse(line) as R });
      } catch {
        resolve({ ok: false, code, stderr: err, startError });
      }
    });
  });
}

/** Runs a peer script; its last output line is JSON. A failure becomes `{ skipped: reason }`. */
export async function runPython<R>(script: string, args: readonly string[]): Promise<R | Skipped> {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} is not installed` };
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const outcome = await lastJsonLine<R>(PYTHON, [`${HERE}${script}`, ...args], { cwd: HERE, env });
  if (outcome.ok) return outcome.value;
  if (outcome.startError) return { skipped: `${PYTHON} could not start: ${outcome.startError.message}` };
  const reason = outcome.stderr.trim().split('\n').at(-1) ?? '';
  return { skipped: `${script} exited ${outcome.code}: ${reason || 'no output'}` };
}

export const isSkipped = (r: unknown): r is Skipped => typeof r === 'object' && r !== null && 'skipped' in r;

/** The peers' library versions and BLAS (numpy.show_config, torch.__config__). */
export function peerLibraries(): Promise<Record<string, unknown> | Skipped> {
  return runPython('info.py', []);
}

/** Whether `library` imports under /usr/bin/python3 (else the reason it does not). */
export function missingLibrary(
  libraries: Record<string, unknown> | Skipped,
  library: 'numpy' | 'torch',
): string | null {
  if (isSkipped(libraries)) return libraries.skipped;
  if (libraries[library] === undefined)
    return `${library} is not importable by ${PYTHON} (${String(libraries[`${library}Error`] ?? 'missing')}); apt-get install -y python3-numpy python3-torch libopenblas0-pthread`;
  return null;
}

const images = (x: T.Tensor) => Uint8Array.from(x.dataSync() as Float32Array, (v) => Math.round(v * 255));

function weights(model: Layer): Record<string, { dtype: 'float32'; shape: number[]; data: Float32Array }> {
  const entries = model
    .parameters()
    .map((p, i) => [
      `p${i}`,
      { dtype: 'float32' as const, shape: [...p.shape], data: p.value.dataSync() as Float32Array },
    ]);
  return Object.fromEntries(entries);
}

const scalar = (v: number, dtype: 'int32' | 'float64' = 'int32') => ({
  dtype,
  shape: [],
  data: dtype === 'int32' ? Int32Array.of(v) : Float64Array.of(v),
});
const labelsArray = (labels: ArrayLike<number>) => ({
  dtype: 'int32' as const,
  shape: [labels.length],
  data: Int32Array.from(labels),
});
const imagesArray = (x: T.Tensor) => ({ dtype: 'uint8' as const, shape: [...x.shape], data: images(x) });

/** The book MLP's full-batch epoch task: its seed-0 weights, the book's data and split, the book recipe. */
export async function writeEpochTask(path: string, epochs: number, warmup: number): Promise<void> {
  await T.setBackend('wasm');
  const data = await bookData();
  const model = bookModel('mlp', { seed: 0 });
  const recipe = BOOK_RECIPES.mlp;
  const valid = data.valid;
  if (valid === undefined) throw new Error("the book's data has no validation part");
  await saveNpz(path, {
    ...weights(model),
    parameter_count: scalar(model.parameters().length),
    train_images: imagesArray(data.train.x),
    train_labels: labelsArray(data.train.labels),
    valid_images: imagesArray(valid.x),
    valid_labels: labelsArray(valid.labels),
    classes: scalar(5),
    lr: scalar(recipe.learningRate, 'float64'),
    epochs: scalar(epochs),
    warmup: scalar(warmup),
    eval_every: scalar(recipe.evalEvery),
  });
}

/**
 * A recipe task: the CLI's run for `model` on `data` with `workers` threads, everything the peer needs
 * to repeat it step for step (each epoch's minibatch order, learning rate, the Dropout masks typeflow
 * draws with that many threads, and the evaluation epochs).
 */
export async function writeRecipeTask(
  path: string,
  model: string | undefined,
  data: DataName,
  workers: number,
  thresholds: readonly number[],
): Promise<void> {
  const { settings, dataset, split, network, schedule } = await recipeSetup(model, data, workers);
  const n = split.train.labels.length;
  const epochs: number = settings.epochs;
  const order = new Int32Array(epochs * n);
  const masks: number[] = [];
  const dropout = network.layers.find((l) => l.name === 'dropout') as { keepProbability: number } | undefined;
  const dropoutWidth = 32;
  // Order: the epochs' permutations, batch after batch (the batches of an epoch tile its permutation).
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let at = (epoch - 1) * n;
    for (const batch of epochBatches(n, settings.batchSize, settings.seed, epoch)) {
      const rows = batch.rows as Int32Array;
      order.set(rows, at);
      at += rows.length;
      if (dropout === undefined) continue;
      // As Dropout draws them: participant k of N uses step index * N + k (see parallel/participant.ts).
      const participants = Math.min(workers, n);
      for (let k = 0; k < participants; k++) {
        const { start, end } = partOf(k, participants, rows.length);
        if (start === end) continue;
        const u = T.randomUniform([end - start, dropoutWidth], {
          seed: settings.seed * 1_000_003 + batch.index * participants + k,
        });
        for (const v of u.dataSync()) masks.push(dropout.keepProbability > v ? 1 : 0);
        u.dispose();
      }
    }
  }
  const evalEpochs: number[] = [];
  for (let e = 1; e <= epochs; e++) if ((e - 1) % settings.evalEvery === 0 || e === epochs) evalEpochs.push(e);
  await saveNpz(path, {
    ...weights(network),
    parameter_count: scalar(network.parameters().length),
    model: { dtype: 'unicode', shape: [1], data: [settings.model] },
    classes: scalar(dataset.classes),
    train_images: imagesArray(split.train.x),
    train_labels: labelsArray(split.train.labels),
    valid_images: imagesArray(split.valid.x),
    valid_labels: labelsArray(split.valid.labels),
    order: { dtype: 'int32', shape: [epochs, n], data: order },
    lr: { dtype: 'float64', shape: [epochs], data: Float64Array.from({ length: epochs }, (_, i) => schedule(i + 1)) },
    batch_size: scalar(settings.batchSize),
    eval_epochs: labelsArray(evalEpochs),
    thresholds: { dtype: 'float64', shape: [thresholds.length], data: Float64Array.from(thresholds) },
    ...(dropout === undefined
      ? {}
      : {
          dropout_masks: {
            dtype: 'uint8',
            shape: [masks.length / dropoutWidth, dropoutWidth],
            data: Uint8Array.from(masks),
          },
        }),
  });
  split.dispose();
}

export interface PeerEpoch {
  readonly library: string;
  readonly threads: number;
  readonly msPerEpoch: number;
  readonly trainAcc: number;
  readonly validAcc: number;
}

export interface PeerRecipe {
  readonly library: string;
  readonly threads: number;
  readonly reached: Record<string, { seconds: number; epoch: number } | null>;
  readonly curve: { epoch: number; seconds: number; validAcc: number }[];
  readonly seconds: number;
}

/** A scratch folder for task files, removed by the returned function. */
export function scratch(): { folder: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'typeflow-peers-'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

export const peerThreads = cores;

// Run alone: the peers of one task, printed as JSON lines.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [what = 'epoch', data = 'book'] = process.argv.slice(2);
  const libraries = await peerLibraries();
  console.log(JSON.stringify(libraries));
  const { folder, remove } = scratch();
  try {
    const file = join(folder, `${what}.npz`);
    if (what === 'epoch') {
      await writeEpochTask(file, 100, 3);
      for (const lib of ['numpy', 'torch'])
        console.log(JSON.stringify(await runPython('mlp_epoch.py', [lib, file, String(cores)])));
    } else {
      const model = what === 'mlp' ? undefined : what;
      await writeRecipeTask(
        file,
        model,
        data as DataName,
        cores,
        what === 'mlp' ? [0.63, 0.8, 0.9] : [0.9, 0.95, 0.97],
      );
      for (const lib of what === 'mlp' ? ['numpy', 'torch'] : ['torch'])
        console.log(JSON.stringify(await runPython('recipe.py', [lib, file, String(cores)])));
    }
  } finally {
    remove();
  }
}
