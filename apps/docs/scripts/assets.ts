/**
 * Writes the site's generated static files into pages/public (gitignored), before `vitepress dev|build`:
 * the built-in font dataset as an .npz the examples fetch, the wasm backend's .wasm files, which the
 * browser loads from the folder given to `setWasmPaths`, the home page's picture of the dataset, and
 * the "Train on your own fonts" page's montage of three fonts (src/your-fonts.ts).
 */
import { copyFileSync, mkdirSync, readdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FONT_CHARACTERS, type FontDataset, fontDatasetToArrays, generateFontDataset, saveNpz } from '@typeflow/data';
import { imageGrid } from '@typeflow/viz';
import { DATASET_FILE, HERO_FILE, WASM_DIR, YOUR_FONTS_FILE } from '../src/site-paths.js';
import { montage, renderThreeFonts } from '../src/your-fonts.js';

const here = dirname(fileURLToPath(import.meta.url));
const publicDir = resolve(here, '../pages/public');

async function writeDataset(dataset: FontDataset): Promise<void> {
  mkdirSync(dirname(join(publicDir, DATASET_FILE)), { recursive: true });
  await saveNpz(join(publicDir, DATASET_FILE), fontDatasetToArrays(dataset), { compress: true }); // about 0.15 MB
}

/** Six characters in each font, unshifted (jitter 6 in the book's order), for the home page. */
function writeSvg(name: string, svg: string): void {
  const file = join(publicDir, name);
  writeFileSync(`${file}.tmp`, svg);
  renameSync(`${file}.tmp`, file);
}

function writeHeroPicture(dataset: FontDataset): void {
  const pixels = dataset.height * dataset.width;
  const chars = [...'AgR5eQ'].map((c) => FONT_CHARACTERS.indexOf(c));
  const images = dataset.classNames.flatMap((_, font) =>
    chars.map((c) => dataset.images.subarray((font * 558 + c * 9 + 6) * pixels, (font * 558 + c * 9 + 7) * pixels)),
  );
  const svg = imageGrid(images, {
    width: dataset.width,
    height: dataset.height,
    cols: chars.length,
    flipY: true,
    colormap: 'grayReversed',
    domain: [0, 255],
    colorbar: false,
    pixelSize: 2,
  });
  writeSvg(HERO_FILE, svg);
}

/** tfjs-backend-wasm is a dependency of @typeflow/tensor, so it is found from the tensor package's folder. */
function copyWasm(): string[] {
  const tensorDir = realpathSync(resolve(here, '../node_modules/@typeflow/tensor'));
  const entry = createRequire(join(tensorDir, 'package.json')).resolve('@tensorflow/tfjs-backend-wasm');
  const dist = dirname(entry); // .../tfjs-backend-wasm/dist
  const files = readdirSync(dist).filter((name) => name.endsWith('.wasm'));
  mkdirSync(join(publicDir, WASM_DIR), { recursive: true });
  for (const name of files) copyFileSync(join(dist, name), join(publicDir, WASM_DIR, name));
  return files;
}

const started = performance.now();
const dataset = generateFontDataset();
await writeDataset(dataset);
writeHeroPicture(dataset);
const three = renderThreeFonts();
writeSvg(YOUR_FONTS_FILE, montage(three.fonts, three.characters));
const wasm = copyWasm();
console.log(
  `docs assets: ${DATASET_FILE}, ${HERO_FILE}, ${YOUR_FONTS_FILE} and ${wasm.length} wasm files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
