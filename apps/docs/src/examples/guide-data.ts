import { batches, normalize, oneHot, readNpz, split, writeNpz } from '@typeflow/data';
import { imageGrid } from '@typeflow/viz';
import { type ExampleContext, type ExampleResult, metric } from './example.js';

/** The dataset's layout, the book's split, one-hot labels, batches, and an npz round trip. */
export default async function dataGuide(context: ExampleContext): Promise<ExampleResult> {
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);

  // #region dataset
  const fonts = await context.dataset(); // Node: generateFontDataset() or loadFontDataset(path)
  const { count, height, width, classNames } = fonts;
  print(`${count} images of ${height}x${width}, fonts: ${classNames.join(', ')}`);
  const { train, valid } = split(count, { seed: 0, mode: 'numpy' }); // np.random.seed(0); permutation
  print(
    `split: ${train.length} training, ${valid.length} validation; first validation indices ${valid.slice(0, 5).join(', ')}`,
  );
  const x = normalize(fonts.images); // Float32Array, 0..1
  const y = oneHot(fonts.labels, fonts.classes); // Float32Array [count * 5]
  print(
    `x: ${x.length} values in [0, 1]; one-hot of image 600 (font ${fonts.labels[600]}): ${y.slice(3000, 3005).join(' ')}`,
  );
  const sizes = batches(train.length, { size: 32, shuffle: true, seed: 0 }).map((b) => b.length);
  print(`batches of 32: ${sizes.length}, the last of ${sizes.at(-1)}`);
  // #endregion dataset

  // #region npz
  const bytes = writeNpz({ labels: { dtype: 'uint8', shape: [count], data: fonts.labels } }); // np.load reads it
  const back = readNpz(bytes).labels;
  print(`npz round trip: ${bytes.length} bytes, shape [${back?.shape}], dtype ${back?.dtype}`);
  // #endregion npz

  // Ten characters (rows) in each font (columns): index = font * 558 + char * 9 + jitter (6: unshifted).
  const pixels = height * width;
  const chars = [10, 11, 12, 13, 14, 36, 37, 38, 39, 40]; // A-E and a-e
  const montage = chars.flatMap((c) =>
    classNames.map((_, font) =>
      fonts.images.subarray((font * 558 + c * 9 + 6) * pixels, (font * 558 + c * 9 + 7) * pixels),
    ),
  );
  return {
    metrics: [metric('train', 'training images', train.length), metric('valid', 'validation images', valid.length)],
    plots: [
      {
        id: 'montage',
        caption: 'A-E and a-e in each font of the built-in dataset',
        svg: imageGrid(montage, {
          maxWidth: context.plotWidth,
          width,
          height,
          cols: classNames.length,
          flipY: true, // stored bottom row first
          colormap: 'grayReversed',
          domain: [0, 255],
          colorbar: false,
          rowLabels: chars.map((c) => '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'[c] as string),
          colLabels: classNames,
        }),
      },
    ],
    lines,
  };
}
