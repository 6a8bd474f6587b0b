import { existsSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { fontDatasetToArrays, writeNpz } from '@typeflow/data';
import { imageGrid } from '@typeflow/viz';
import { writeFileAtomic } from '../atomic-file.js';
import { loadDataset } from '../dataset-source.js';
import { makeDirectories, refuseVirtualFileSystem } from '../directories.js';
import { EXIT, errorCode, UsageError, writeFault } from '../errors.js';
import { userPath } from '../paths.js';

export interface DatasetFlags {
  readonly out: string;
  readonly data?: string;
  readonly fonts?: string[];
  readonly characters?: string;
  readonly force?: boolean;
}

/** Writes a rendered dataset as .npz, or a montage (fonts x characters, unshifted glyphs) as .svg. */
export async function datasetCommand(flags: DatasetFlags): Promise<number> {
  const out = userPath(flags.out);
  const kind = extname(out).toLowerCase();
  if (kind !== '.npz' && kind !== '.svg') throw new UsageError(`--out ${flags.out} must end in .npz or .svg`);
  if (kind === '.npz' && flags.data !== undefined) throw new UsageError('--data only makes sense with an .svg montage');
  refuseVirtualFileSystem(out, '--out');
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) throw new UsageError(`--out ${flags.out} is a folder; name a .npz or .svg file`);
    if (!flags.force) throw new UsageError(`--out ${flags.out} already exists; add --force to replace it`);
  }
  const { dataset, characters: drawn } = await loadDataset(flags, (line) => process.stderr.write(`${line}\n`));
  makeDirectories(dirname(out), '--out');
  let content: string | Uint8Array;
  if (kind === '.npz') {
    content = writeNpz(fontDatasetToArrays(dataset));
  } else {
    const size = dataset.height * dataset.width;
    const perFont = dataset.count / dataset.classes;
    const characters = Math.floor(perFont / 9);
    // The unshifted glyph of each character (the book's jitter order puts it at index 6).
    const images = Array.from({ length: dataset.classes * characters }, (_, k) => {
      const index = Math.floor(k / characters) * perFont + (k % characters) * 9 + 6;
      return dataset.images.subarray(index * size, (index + 1) * size);
    });
    content = imageGrid(images, {
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
  }
  try {
    writeFileAtomic(out, content, { replace: flags.force === true });
  } catch (error) {
    if (errorCode(error) === 'EEXIST')
      throw new UsageError(`--out ${flags.out} was written meanwhile; add --force to replace it`);
    throw error instanceof Error && 'code' in error ? writeFault(error, '--out', flags.out) : error;
  }
  process.stdout.write(`wrote ${out}\n`);
  return EXIT.ok;
}
