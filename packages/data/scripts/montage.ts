// Draws every character of every font (the unshifted jitter, right side up) into a PNG, for checking by eye:
//   node --conditions=source --import tsx scripts/montage.ts [generated|book|both]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { FONT_CHARACTERS, type FontDataset, generateFontDataset, loadFontDataset } from '../src/index.js';

const canvas = createRequire(import.meta.url)('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const CENTRE_JITTER = 6; // the unshifted one in the book's order
const SCALE = 2;
const LABEL = 130;

function montage(dataset: FontDataset, title: string, out: string): void {
  const { height: h, width: w, classes } = dataset;
  const perFont = dataset.count / classes;
  const chars = perFont / 9;
  const cell = (w + 2) * SCALE;
  const image = canvas.createCanvas(LABEL + chars * cell, 24 + classes * (h + 2) * SCALE);
  const ctx = image.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, image.width, image.height);
  ctx.fillStyle = '#000';
  ctx.font = '14px sans-serif';
  ctx.fillText(title, 4, 16);
  const pixels = ctx.createImageData(w * SCALE, h * SCALE);
  for (let font = 0; font < classes; font++) {
    const top = 24 + font * (h + 2) * SCALE;
    ctx.fillStyle = '#000';
    ctx.fillText(dataset.classNames[font] ?? `font ${font}`, 4, top + (h * SCALE) / 2 + 5);
    for (let c = 0; c < chars; c++) {
      const index = font * perFont + c * 9 + CENTRE_JITTER;
      for (let y = 0; y < h * SCALE; y++) {
        const row = h - 1 - Math.floor(y / SCALE); // stored bottom row first: flip
        for (let x = 0; x < w * SCALE; x++) {
          const ink = dataset.images[index * h * w + row * w + Math.floor(x / SCALE)] as number;
          const at = (y * w * SCALE + x) * 4;
          pixels.data.set([255 - ink, 255 - ink, 255 - ink, 255], at);
        }
      }
      ctx.putImageData(pixels, LABEL + c * cell, top);
      ctx.strokeStyle = '#ddd';
      ctx.strokeRect(LABEL + c * cell - 0.5, top - 0.5, w * SCALE + 1, h * SCALE + 1);
    }
  }
  writeFileSync(out, image.toBuffer('image/png'));
  console.log(`wrote ${out}`);
}

const which = process.argv[2] ?? 'both';
if (which !== 'book') {
  montage(
    generateFontDataset(),
    `generateFontDataset(): ${FONT_CHARACTERS.length} characters x 5 fonts, 36x36`,
    here('../docs/generated-glyphs.png'),
  );
}
if (which !== 'generated') {
  const book = await loadFontDataset(here('../../../../shared/data/data_with_labels.npz'));
  montage(book, "the book's data_with_labels.npz, 36x36", here('../docs/book-glyphs.png'));
}
