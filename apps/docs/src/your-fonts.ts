/**
 * The "Train on your own fonts" page's library example (Node only: it reads font files). The docs build
 * (scripts/assets.ts) draws the page's montage with it, and its test trains on it, so the page's code
 * is the code that ran.
 */

import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FontDataset, generateFontDataset } from '@typeflow/data';
import { Adam, bookModel, type FitResult, fit } from '@typeflow/nn';
import { imageGrid } from '@typeflow/viz';
import { bookData } from './examples/example.js';

/** Three fonts that ship with the repository's dependencies: @fontsource packages of @typeflow/data. */
export function threeFonts(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const data = realpathSync(join(here, '../node_modules/@typeflow/data'));
  const require = createRequire(join(data, 'package.json'));
  return [
    'eb-garamond/files/eb-garamond-latin-400-italic.woff2',
    'oswald/files/oswald-latin-300-normal.woff2',
    'jetbrains-mono/files/jetbrains-mono-latin-700-normal.woff2',
  ].map((file) => require.resolve(`@fontsource/${file}`));
}

export function renderThreeFonts(): { fonts: FontDataset; characters: string } {
  // #region dataset
  // Files (.ttf, .otf, .woff, .woff2), built-in families ('Oswald') or installed fonts ('DejaVu Serif').
  const characters = 'AaBbEeGgKkMmQqRrSsWw&?';
  const fonts = generateFontDataset({ fonts: threeFonts(), characters });
  // fonts.classNames: ['EB Garamond Italic', 'Oswald Light', 'JetBrains Mono Bold']
  // #endregion dataset
  return { fonts, characters };
}

export async function trainOnThreeFonts(fonts: FontDataset, epochs = 20): Promise<FitResult> {
  // #region train
  const data = bookData(fonts); // pixels 0..1 as rows of 1296, numpy's split: 10% for validation
  const model = bookModel('logistic', { classes: fonts.classes }); // 1296 -> 3
  const result = await fit(model, data, { epochs, optimizer: new Adam(0.003), batchSize: 32, loss: 'softmax' });
  // result.history.validAcc.at(-1): the validation accuracy (chance is 1/3)
  // #endregion train
  data.dispose();
  model.dispose();
  return result;
}

/** Every character in every font, unshifted: the montage on the page. */
export function montage(fonts: FontDataset, characters: string): string {
  const pixels = fonts.height * fonts.width;
  const chars = [...characters];
  const perFont = chars.length * 9;
  const images = fonts.classNames.flatMap((_, font) =>
    chars.map((_, c) =>
      fonts.images.subarray((font * perFont + c * 9 + 6) * pixels, (font * perFont + c * 9 + 7) * pixels),
    ),
  );
  return imageGrid(images, {
    width: fonts.width,
    height: fonts.height,
    cols: chars.length,
    flipY: true,
    colormap: 'grayReversed',
    domain: [0, 255],
    colorbar: false,
    rowLabels: fonts.classNames,
    colLabels: chars,
    title: `${fonts.classes} fonts of your own: ${fonts.count} glyphs`,
  });
}
