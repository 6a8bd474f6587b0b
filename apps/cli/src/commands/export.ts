import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadNpz } from '@typeflow/data';
import { exportOnnx, exportTfjs, ONNX_OPSET } from '@typeflow/export';
import { BOOK_MODELS, type BookModelName, bookModel, restoreCheckpoint, Sequential } from '@typeflow/nn';
import { setBackend } from '@typeflow/tensor';
import { EXIT, UsageError } from '../errors.js';
import { modelFromCheckpoint } from '../model-from-checkpoint.js';
import { userPath } from '../paths.js';

export interface ExportFlags {
  readonly checkpoint: string;
  readonly format: 'onnx' | 'tfjs';
  readonly out: string;
  readonly model?: string;
  readonly classNames?: string[];
  readonly force?: boolean;
}

interface Source {
  readonly checkpoint: string;
  readonly model?: string;
  readonly classNames?: string[];
}

/** Writes a checkpoint's model as an ONNX file or a TensorFlow.js layers folder. */
export async function exportCommand(flags: ExportFlags): Promise<number> {
  const out = userPath(flags.out);
  if (existsSync(out) && !flags.force) {
    throw new UsageError(`--out ${out} already exists; choose another path or add --force to replace it`);
  }
  if (flags.format === 'onnx' && existsSync(out) && statSync(out).isDirectory()) {
    throw new UsageError(`--out ${out} is a folder; an ONNX model is one file, e.g. fonts.onnx`);
  }
  await setBackend('cpu'); // only reads weights: no kernels worth loading wasm for
  const source = readSource(userPath(flags.checkpoint));
  const { model, name } = await loadModel(flags.model ?? source.model, source.checkpoint);
  const options = { classNames: flags.classNames ?? source.classNames };
  if (flags.format === 'onnx') replaceFile(out, exportOnnx(model, options));
  else replaceFolder(out, exportTfjs(model, options));
  const classes = model.outputShapePerExample.at(-1);
  const format = flags.format === 'onnx' ? `ONNX (opset ${ONNX_OPSET})` : 'a TensorFlow.js layers model';
  process.stdout.write(
    `wrote ${out}: ${name} as ${format}; input [batch, ${model.inputShape.join(', ')}] float32, output the probabilities of ${classes} classes\n`,
  );
  model.dispose();
  return EXIT.ok;
}

/** A run folder (its checkpoint.npz, model and class names from metrics.json) or a bare checkpoint file. */
function readSource(path: string): Source {
  if (!existsSync(path)) throw new UsageError(`--checkpoint ${path} does not exist`);
  if (!statSync(path).isDirectory()) return { checkpoint: path };
  const metricsFile = join(path, 'metrics.json');
  let metrics: { model?: unknown; classNames?: unknown };
  try {
    metrics = JSON.parse(readFileSync(metricsFile, 'utf8'));
  } catch {
    throw new UsageError(`--checkpoint ${path} is a folder but not a run folder (no readable metrics.json)`);
  }
  const names = metrics.classNames;
  return {
    checkpoint: join(path, 'checkpoint.npz'),
    model: typeof metrics.model === 'string' ? metrics.model : undefined,
    classNames: Array.isArray(names) && names.every((n) => typeof n === 'string') ? names : undefined,
  };
}

/**
 * The model the weights belong to: a book model by name, a function exported by a module
 * (`file.ts#build`) that builds your own Sequential, or (by default) the book model the checkpoint's
 * array names and shapes describe.
 */
async function loadModel(spec: string | undefined, checkpoint: string): Promise<{ model: Sequential; name: string }> {
  if (spec === undefined) return modelFromCheckpoint(checkpoint);
  let model: Sequential;
  if ((BOOK_MODELS as readonly string[]).includes(spec)) model = bookModel(spec as BookModelName);
  else if (spec.includes('#')) model = await modelFromModule(spec);
  else {
    throw new UsageError(
      `--model expected a book model (${BOOK_MODELS.join(', ')}) or file#function (a module exporting a function that builds your Sequential), got '${spec}'`,
    );
  }
  restoreCheckpoint(model, await loadNpz(checkpoint), checkpoint);
  return { model, name: model.name };
}

async function modelFromModule(spec: string): Promise<Sequential> {
  const at = spec.lastIndexOf('#');
  const file = userPath(spec.slice(0, at));
  const exportName = spec.slice(at + 1);
  if (!existsSync(file)) throw new UsageError(`--model ${spec}: ${file} does not exist`);
  const module = await import(pathToFileURL(file).href);
  if (typeof module[exportName] !== 'function') {
    throw new UsageError(`--model ${spec}: ${file} exports no function '${exportName}'`);
  }
  const model = await module[exportName]();
  if (!(model instanceof Sequential))
    throw new UsageError(`--model ${spec}: '${exportName}()' did not return a Sequential`);
  return model;
}

/** Writes a file atomically: a temporary name beside it, then a rename over `path`. */
function replaceFile(path: string, content: Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  writing(path, () => {
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(temporary, content);
      renameSync(temporary, path);
    } finally {
      rmSync(temporary, { force: true });
    }
  });
}

/**
 * Writes a folder of files as a whole: into a hidden staging folder beside `path`, then renamed into
 * place (a folder being replaced is moved aside first and removed last), so `path` never holds half a
 * model.
 */
function replaceFolder(path: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  const staging = join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
  const previous = join(dirname(path), `.${basename(path)}.old-${process.pid}`);
  writing(path, () => {
    try {
      mkdirSync(staging, { recursive: true });
      for (const [name, content] of Object.entries(files)) writeFileSync(join(staging, name), content);
      const replacing = existsSync(path);
      if (replacing) renameSync(path, previous);
      try {
        renameSync(staging, path);
      } catch (error) {
        if (replacing) renameSync(previous, path);
        throw error;
      }
      rmSync(previous, { recursive: true, force: true });
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  });
}

/** File system failures (no permission, no space) are the user's to fix: one line naming --out. */
function writing(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new UsageError(`--out ${path} cannot be written (${code})`);
  }
}
