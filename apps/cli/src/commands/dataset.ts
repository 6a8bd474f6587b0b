import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { saveFontDataset } from '@typeflow/data';
import { imageGrid } from '@typeflow/viz';
import { loadDataset } from '../dataset-source.js';
import { EXIT, UsageError } from '../errors.js';
import { userPath } from '../paths.js';

export interface DatasetFlags {
  readonly out: string;
  readonly data?: string;
  readonly fonts?: string[];
  readonly characters?: string;
}

/** Writes a rendered dataset as .npz, or a montage (fonts x characters, unshifted glyphs) as .svg. */
export async function datasetCommand(flags: DatasetFlags): Promise<number> {
  const out = userPath(flags.out);
  const kind = extname(out).toLowerCase();
  if (kind !== '.npz' && kind !== '.svg') throw new UsageError(`--out ${flags.out} must end in .npz or .svg`);
  if (kind === '.npz' && flags.data !== undefined) throw new UsageError('--data only makes sense with an .svg montage');
  const { dataset, characters: drawn } = await loadDataset(flags, (line) => process.stderr.write(`${line}\n`));
  try {
    mkdirSync(dirname(out), { recursive: true });
  } catch (error) {
    throw new UsageError(
      `--out ${flags.out} cannot be written: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  if (kind === '.npz') {
    await saveFontDataset(out, dataset);
  } else {
    const size = dataset.height * dataset.width;
    const perFont = dataset.count / dataset.classes;
    const characters = Math.floor(perFont / 9);
    // The unshifted glyph of each character (the book's jitter order puts it at index 6).
    const images = Array.from({ length: dataset.classes * characters }, (_, k) => {
      const index = Math.floor(k / characters) * perFont + (k % characters) * 9 + 6;
      return dataset.images.subarray(index * size, (index + 1) * size);
    });
    const svg = imageGrid(images, {
      width: dataset.width,
      height: dataset.height,
      rows: dataset.classes,
      cols: characters,
      flipY: true,
      colormap: 'grayReversed',
      domain: [0, 255],
      rowLabels: dataset.classNames,
      colLabels: drawn === undefined ? undefined : [...drawn],
      colorbar: false,
      title: `${dataset.count} glyphs: ${dataset.classes} fonts x ${characters} characters (unshifted)`,
    });
    const temporary = `${out}.tmp-${process.pid}`;
    writeFileSync(temporary, svg);
    renameSync(temporary, out);
  }
  process.stdout.write(`wrote ${out}\n`);
  return EXIT.ok;
}
