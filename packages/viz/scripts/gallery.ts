/**
 * Renders the committed example pictures, docs/*.png, through headless Chromium:
 *   pnpm --filter @typeflow/viz gallery
 * Real data: the dataset montage, the per-font mean images and their differences (from the book's
 * data_with_labels.npz), the initial W1 of book-init/hidden-init.npz, and the activation functions.
 * Example numbers (no trained model exists yet, each picture says so in its title): the accuracy curves,
 * the confusion matrix and the 32 x 5 output weights.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { accuracyCurves, heatmap, imageGrid, linePlot } from '../src/index.js';
import { launchChromium, renderSvg } from '../test/chromium.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const outDir = path.resolve(here, '../docs');

const FONTS = 5;
const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PER_FONT = 558; // 62 characters x 9 jitters
const SIDE = 36;
const PIXELS = SIDE * SIDE;

interface Npy {
  shape: number[];
  data: Uint8Array | Float32Array | Float64Array;
}

/** A minimal .npy reader for this dev script (the real one belongs to @typeflow/data). */
function parseNpy(bytes: Uint8Array): Npy {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  if (/'fortran_order':\s*True/.test(header)) throw new Error('gallery: Fortran-order arrays are not supported');
  const body = bytes.slice(start + headerLength);
  if (descr === '|u1') return { shape, data: body };
  if (descr === '<f4') return { shape, data: new Float32Array(body.buffer) };
  if (descr === '<f8') return { shape, data: new Float64Array(body.buffer) };
  throw new Error(`gallery: unsupported dtype ${descr}`);
}

function readNpz(file: string): Record<string, Npy> {
  const entries = unzipSync(readFileSync(file));
  return Object.fromEntries(
    Object.entries(entries).map(([name, bytes]) => [name.replace(/\.npy$/, ''), parseNpy(bytes)]),
  );
}

function glyph(images: Uint8Array, font: number, char: number, jitter = 6): Uint8Array {
  const index = font * PER_FONT + char * 9 + jitter; // jitter 6 = no shift (the book's order, see @typeflow/data)
  return images.subarray(index * PIXELS, (index + 1) * PIXELS);
}

function fontMeans(images: Uint8Array): Float64Array[] {
  return Array.from({ length: FONTS }, (_, font) => {
    const mean = new Float64Array(PIXELS);
    for (let i = 0; i < PER_FONT; i++) {
      const offset = (font * PER_FONT + i) * PIXELS;
      for (let p = 0; p < PIXELS; p++) mean[p] = (mean[p] as number) + (images[offset + p] as number) / PER_FONT;
    }
    return mean;
  });
}

/** A small deterministic generator (LCG) for the clearly-labelled example numbers. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function exampleAccuracy() {
  const random = lcg(7);
  const epochs = Array.from({ length: 101 }, (_, i) => i * 10);
  const train = epochs.map((e) => Math.min(1, 0.2 + 0.55 * (1 - Math.exp(-e / 250)) + 0.02 * (random() - 0.5)));
  const valid = epochs.map((e) => Math.min(1, 0.2 + 0.46 * (1 - Math.exp(-e / 250)) + 0.04 * (random() - 0.5)));
  return { epochs, train, valid };
}

function transposeColumns(matrix: Float32Array, rows: number, cols: number, take: number): Float32Array[] {
  return Array.from({ length: take }, (_, unit) => {
    const column = new Float32Array(rows);
    for (let r = 0; r < rows; r++) column[r] = matrix[r * cols + unit] as number;
    return column;
  });
}

function plots(): Record<string, { svg: string; scale: number }> {
  const dataset = readNpz(path.join(dataDir, 'data_with_labels.npz'));
  const images = dataset.arr_0?.data as Uint8Array;
  const init = readNpz(path.join(dataDir, 'book-init/hidden-init.npz'));
  const w1 = init.W1 as Npy;

  const montage = Array.from({ length: FONTS * CHARS.length }, (_, k) =>
    glyph(images, Math.floor(k / CHARS.length), k % CHARS.length),
  );
  const means = fontMeans(images);
  const overall = new Float64Array(PIXELS).map((_, p) => means.reduce((s, m) => s + (m[p] as number), 0) / FONTS);
  const fontLabels = Array.from({ length: FONTS }, (_, f) => `font ${f}`);
  const random = lcg(11);
  const outputWeights = Array.from({ length: 32 }, () => Array.from({ length: FONTS }, () => (random() - 0.5) * 0.8));

  return {
    montage: {
      scale: 1,
      svg: imageGrid(montage, {
        width: SIDE,
        height: SIDE,
        rows: FONTS,
        cols: CHARS.length,
        flipY: true,
        colormap: 'grayReversed',
        domain: [0, 255],
        colorbar: false,
        rowLabels: fontLabels,
        colLabels: [...CHARS],
        title: 'The book’s dataset: each character in each font (data_with_labels.npz, no shift)',
      }),
    },
    'font-means': {
      scale: 2,
      svg: imageGrid(means, {
        width: SIDE,
        height: SIDE,
        flipY: true,
        labels: fontLabels,
        colorbarLabel: 'mean ink (0-255)',
        title: 'Mean image of each font (real data; stand-in for the logistic weights)',
      }),
    },
    'font-differences': {
      scale: 2,
      svg: imageGrid(
        means.map((m) => m.map((v, p) => v - (overall[p] as number))),
        {
          width: SIDE,
          height: SIDE,
          flipY: true,
          colormap: 'diverging',
          labels: fontLabels,
          colorbarLabel: 'ink vs. mean of fonts',
          title: 'Each font’s mean minus the mean of all fonts (real data)',
        },
      ),
    },
    'first-layer': {
      scale: 2,
      svg: imageGrid(transposeColumns(w1.data as Float32Array, PIXELS, w1.shape[1] as number, 32), {
        width: SIDE,
        height: SIDE,
        rows: 4,
        cols: 8,
        colormap: 'diverging',
        labels: Array.from({ length: 32 }, (_, i) => `unit ${i}`),
        colorbarLabel: 'weight',
        title: 'First 32 units of W1 at initialisation (book-init/hidden-init.npz, untrained)',
      }),
    },
    accuracy: {
      scale: 2,
      svg: accuracyCurves({ ...exampleAccuracy(), title: 'Accuracy (example numbers, not a training run)' }),
    },
    confusion: {
      scale: 2,
      svg: heatmap(
        [
          [44, 3, 5, 2, 2],
          [6, 31, 9, 4, 6],
          [4, 8, 36, 3, 5],
          [1, 3, 2, 47, 3],
          [3, 7, 6, 4, 36],
        ],
        {
          title: 'Confusion matrix (example numbers)',
          rowLabels: fontLabels,
          colLabels: fontLabels,
          xLabel: 'predicted font',
          yLabel: 'true font',
          colorbarLabel: 'count',
        },
      ),
    },
    'output-weights': {
      scale: 2,
      svg: heatmap(outputWeights, {
        title: 'Output weights 32 x 5 (example numbers)',
        colLabels: fontLabels,
        xLabel: 'font',
        yLabel: 'hidden unit',
        colormap: 'diverging',
        colorbarLabel: 'weight',
      }),
    },
    activations: {
      scale: 2,
      svg: (() => {
        const x = Array.from({ length: 161 }, (_, i) => -2 + i * 0.025);
        return linePlot(
          [
            { name: 'x²', x, y: x.map((v) => v * v) },
            { name: 'log(x)', x, y: x.map(Math.log) },
            { name: 'sigmoid(x)', x, y: x.map((v) => 1 / (1 + Math.exp(-v))) },
          ],
          { title: 'Square, log and sigmoid of the same inputs', xLabel: 'x', yLabel: 'f(x)' },
        );
      })(),
    },
  };
}

const browser = await launchChromium();
try {
  for (const [name, { svg, scale }] of Object.entries(plots())) {
    const rendered = await renderSvg(browser, svg, { scale });
    if (rendered.root !== 'svg' || rendered.errors.length > 0) {
      throw new Error(`gallery: ${name} did not render: ${rendered.root} ${rendered.errors.join('; ')}`);
    }
    const file = path.join(outDir, `${name}.png`);
    writeFileSync(`${file}.tmp`, rendered.png);
    renameSync(`${file}.tmp`, file);
    console.log(
      `${name}.png  svg ${(svg.length / 1024).toFixed(1)} kB  png ${(rendered.png.length / 1024).toFixed(1)} kB`,
    );
  }
} finally {
  await browser.close();
}
