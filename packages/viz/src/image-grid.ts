import { colorbar, colorbarWidth } from './colorbar.js';
import { type Colormap, type ColormapName, colorTable } from './colormap.js';
import { refuse } from './errors.js';
import { captionFont, captionLines, centredText, MIN_FONT, TITLE_BLOCK } from './layout.js';
import { levelsToPng } from './png.js';
import { el, FONT, group, image, num, svgDocument, text, textWidth } from './svg.js';
import {
  describe,
  domainPair,
  finiteNumber,
  labels,
  numbers,
  optionalBoolean,
  optionalString,
  optionsOf,
  positiveInteger,
  size,
} from './validate.js';
import { type ValueScale, valueScale } from './value-scale.js';

/** Several images given as one flat array: `count` images of width x height values each. */
export interface ImageStack {
  readonly data: ArrayLike<number>;
  readonly count: number;
}

export interface ImageGridOptions {
  /** Pixels per image row and column: each image has width x height values, row-major. */
  readonly width: number;
  readonly height: number;
  /** The grid's shape; default up to 8 columns, as many rows as needed. */
  readonly rows?: number;
  readonly cols?: number;
  /** Default 'viridis' ('diverging' when `center` is given). */
  readonly colormap?: ColormapName | Colormap;
  /** The first stored row is the bottom one (the font dataset's layout, drawn by the book with `pcolor`). */
  readonly flipY?: boolean;
  /** One caption per image, drawn under it (broken into two lines, or cut with '…', if too wide). */
  readonly labels?: readonly (string | number)[];
  /** One label per grid row (left) and per grid column (on top). */
  readonly rowLabels?: readonly (string | number)[];
  readonly colLabels?: readonly (string | number)[];
  readonly title?: string;
  /** One colour range for all images (default true); false scales each image to its own range. */
  readonly sharedScale?: boolean;
  /** Draws the shared scale's colour bar (default true; needs sharedScale). */
  readonly colorbar?: boolean;
  readonly colorbarLabel?: string;
  /** A fixed colour range `[low, high]`, e.g. [0, 255] for the dataset. */
  readonly domain?: readonly [number, number];
  /** Makes the colour range symmetric about this value (default 0 for the diverging map). */
  readonly center?: number;
  /** SVG units per image pixel; default fits the grid in about 960 x 720 units, at least 1. */
  readonly pixelSize?: number;
  /**
   * The width the grid is shown at (e.g. a page's column): without `cols`, the grid wraps into fewer
   * columns, and without `pixelSize` its images shrink (to 2 units per pixel, then fewer columns), so
   * the whole plot fits and its text keeps its size instead of being scaled down.
   */
  readonly maxWidth?: number;
}

const FN = 'imageGrid';
const GAP = 4;

/**
 * Images in a grid of tiles, each an embedded PNG (pixels stay sharp when scaled), with one shared
 * colour scale and its colour bar. Non-finite pixels are transparent: the white background shows.
 */
export function imageGrid(images: readonly ArrayLike<number>[] | ImageStack, options: ImageGridOptions): string {
  const o = optionsOf(options, FN);
  const w = positiveInteger(o.width, FN, 'width');
  const h = positiveInteger(o.height, FN, 'height');
  const list = imagesOf(images, w, h);
  const count = list.length;
  const maxWidth = o.maxWidth === undefined ? undefined : size(o.maxWidth, 960, 120, FN, 'maxWidth');
  let cols = o.cols === undefined ? Math.min(count, 8) : positiveInteger(o.cols, FN, 'cols');
  const rowsOf = (c: number) => (o.rows === undefined ? Math.ceil(count / c) : positiveInteger(o.rows, FN, 'rows'));
  let rows = rowsOf(cols);
  if (rows * cols < count)
    refuse(FN, 'rows', `rows x cols of at least ${count} (the number of images)`, `${rows} x ${cols}`);
  const title = optionalString(o.title, FN, 'title');
  const flipY = optionalBoolean(o.flipY, false, FN, 'flipY');
  const shared = optionalBoolean(o.sharedScale, true, FN, 'sharedScale');
  const showBar = optionalBoolean(o.colorbar, shared, FN, 'colorbar');
  if (showBar && !shared) refuse(FN, 'colorbar', 'false when sharedScale is false (no common scale to show)', 'true');
  const center = o.center === undefined ? undefined : finiteNumber(o.center, FN, 'center');
  const table = colorTable(o.colormap, center === undefined ? 'viridis' : 'diverging', FN);
  const scaleOptions = {
    domain: domainPair(o.domain, FN, 'domain'),
    center: center ?? (table.name === 'diverging' ? 0 : undefined),
  };
  const sharedScale = shared ? valueScale(list, scaleOptions) : undefined;
  const captions = labels(o.labels, count, FN, 'labels');
  const rowLabels = labels(o.rowLabels, rows, FN, 'rowLabels');
  const colLabels = labels(o.colLabels, cols, FN, 'colLabels');
  const colorbarLabel = optionalString(o.colorbarLabel, FN, 'colorbarLabel') ?? 'value';
  let px =
    o.pixelSize === undefined
      ? Math.max(1, Math.min(8, Math.floor(Math.min(960 / (cols * w), 720 / (rows * h)))))
      : positiveInteger(o.pixelSize, FN, 'pixelSize');
  if (maxWidth !== undefined) {
    // The width beside the tiles: row labels, the colour bar (estimated on a 120-unit bar: its labels
    // depend on the domain, not on the height).
    const aside =
      20 +
      (rowLabels ? Math.max(...rowLabels.map((s) => textWidth(s, FONT.tick))) + 6 : 0) +
      (showBar && sharedScale
        ? 14 + colorbarWidth({ height: 120, domain: sharedScale.domain, label: colorbarLabel })
        : 0);
    const fits = () => aside + cols * (w * px + GAP) <= maxWidth;
    while (!fits()) {
      if (o.pixelSize === undefined && px > 2) px -= 1;
      else if (o.cols === undefined && o.rows === undefined && !rowLabels && !colLabels && cols > 1) {
        cols -= 1;
        rows = rowsOf(cols);
      } else if (o.pixelSize === undefined && px > 1)
        px -= 1; // labelled rows and columns cannot wrap
      else break;
    }
  }

  const tileW = w * px;
  const tileH = h * px;
  // One size for every caption: the largest at which each fits its tile's width in at most two lines.
  const captionWidth = tileW + GAP - 2;
  // Shown at a known width (maxWidth), captions stay readable (MIN_FONT) and are cut if need be; else
  // they may shrink to 7 units so that long class names (50 fonts) are drawn in full.
  const captionMin = maxWidth === undefined ? 7 : MIN_FONT;
  const captionSize = captions
    ? Math.min(...captions.map((c) => captionFont(c, captionWidth, FONT.tick, captionMin)))
    : 0;
  const captionText = captions?.map((c) => captionLines(c, captionWidth, captionSize)) ?? [];
  const captionLineCount = Math.max(1, ...captionText.map((lines) => lines.length));
  const captionH = captions ? captionSize + 6 + (captionLineCount - 1) * captionSize * 1.2 : 0;
  const colFont = colLabels ? Math.min(FONT.tick, Math.max(MIN_FONT, tileW * 0.6)) : 0;
  const colWidest = colLabels ? Math.max(...colLabels.map((s) => textWidth(s, colFont))) : 0;
  const rotate = colWidest > tileW + GAP - 2;
  const header = colLabels ? (rotate ? colWidest + 6 : colFont + 6) : 0;
  const rowFont = rowLabels ? Math.min(FONT.tick, Math.max(MIN_FONT, tileH * 0.6)) : 0;
  const rowWidest = rowLabels ? Math.max(...rowLabels.map((s) => textWidth(s, rowFont))) : 0;

  const gridTop = Math.ceil((title ? TITLE_BLOCK.height : 10) + header);
  const stepX = tileW + GAP;
  const stepY = tileH + GAP + captionH;
  const gridW = cols * stepX - GAP;
  const gridH = rows * stepY - GAP;
  // As tall as the grid, within 120..320 units: a wrapped grid on a phone is tall, its bar need not be.
  const barHeight = Math.min(Math.max(gridH, 120), 320);
  const bar =
    sharedScale && showBar ? { height: barHeight, domain: sharedScale.domain, label: colorbarLabel } : undefined;
  const labelsWidth = Math.ceil(10 + (rowLabels ? rowWidest + 6 : 0));
  const contentWidth = labelsWidth + gridW + (bar ? 14 + colorbarWidth(bar) : 0) + 10;
  // A long title widens the plot, but not past maxWidth: there it is drawn smaller (centredText).
  const width = Math.max(
    contentWidth,
    Math.min(maxWidth ?? Number.POSITIVE_INFINITY, textWidth(title ?? '', FONT.title) + 20),
  );
  // A title wider than the grid and its bar: centre the content under it.
  const gridLeft = labelsWidth + Math.floor((width - contentWidth) / 2);
  const barX = gridLeft + gridW + 14;
  const height = gridTop + Math.max(gridH, bar ? barHeight : 0) + 10;

  const tiles: string[] = [];
  const texts: string[] = [];
  list.forEach((pixels, k) => {
    const x = gridLeft + (k % cols) * stepX;
    const y = gridTop + Math.floor(k / cols) * stepY;
    const scale = sharedScale ?? valueScale([pixels], scaleOptions);
    tiles.push(image(x, y, tileW, tileH, levelsToPng(levelsOf(pixels, w, h, flipY, scale), w, h, table)));
    captionText[k]?.forEach((line, row) => {
      texts.push(
        text(line, {
          x: x + tileW / 2,
          y: y + tileH + captionSize + 2 + row * captionSize * 1.2,
          'text-anchor': 'middle',
          'font-size': captionSize,
        }),
      );
    });
  });
  rowLabels?.forEach((label, r) => {
    const cy = gridTop + r * stepY + tileH / 2;
    texts.push(text(label, { x: gridLeft - 6, y: cy, dy: '0.35em', 'text-anchor': 'end', 'font-size': rowFont }));
  });
  colLabels?.forEach((label, c) => {
    const cx = gridLeft + c * stepX + tileW / 2;
    texts.push(
      rotate
        ? text(label, {
            x: cx,
            y: gridTop - 5,
            dy: '0.35em',
            transform: `rotate(-90 ${num(cx)} ${gridTop - 5})`,
            'font-size': colFont,
          })
        : text(label, { x: cx, y: gridTop - 6, 'text-anchor': 'middle', 'font-size': colFont }),
    );
  });

  const body = [group({ class: 'tiles' }, tiles)];
  // A hairline frame per tile, so a white-background image still shows where it ends.
  const frames = list.map((_, k) =>
    el('rect', {
      x: gridLeft + (k % cols) * stepX,
      y: gridTop + Math.floor(k / cols) * stepY,
      width: tileW,
      height: tileH,
    }),
  );
  body.push(group({ class: 'frames', fill: 'none', stroke: '#bbbbbb', 'stroke-width': 0.5 }, frames));
  if (texts.length > 0) body.push(group({ class: 'labels' }, texts));
  if (title) body.push(centredText(title, gridLeft + gridW / 2, TITLE_BLOCK.baseline, width, FONT.title));
  if (bar) body.push(colorbar({ x: barX, y: gridTop, table, ...bar }));
  return svgDocument(width, height, title ?? `${count} images of ${w} x ${h} pixels`, body);
}

function imagesOf(images: unknown, w: number, h: number): ArrayLike<number>[] {
  const size = w * h;
  if (Array.isArray(images)) {
    if (images.length === 0) refuse(FN, 'images', 'at least one image', 'an empty array');
    return images.map((image, i) => {
      const pixels = numbers(image, FN, `images[${i}]`);
      if (pixels.length !== size)
        refuse(FN, `images[${i}]`, `${size} values (width ${w} x height ${h})`, `${pixels.length}`);
      return pixels;
    });
  }
  if (typeof images !== 'object' || images === null) {
    refuse(FN, 'images', 'an array of images or { data, count }', describe(images));
  }
  const { data, count } = images as Partial<ImageStack>;
  const n = positiveInteger(count, FN, 'images.count');
  const flat = numbers(data, FN, 'images.data');
  if (flat.length !== n * size) {
    refuse(FN, 'images.data', `${n * size} values (count ${n} x width ${w} x height ${h})`, `${flat.length}`);
  }
  return Array.from({ length: n }, (_, i) => slice(flat, i * size, size));
}

function slice(values: ArrayLike<number>, start: number, length: number): ArrayLike<number> {
  if (ArrayBuffer.isView(values)) return (values as unknown as Float64Array).subarray(start, start + length);
  return Array.prototype.slice.call(values, start, start + length) as number[];
}

/** Colour levels in display order (top row first). */
function levelsOf(pixels: ArrayLike<number>, w: number, h: number, flipY: boolean, scale: ValueScale): Int16Array {
  const out = new Int16Array(w * h);
  for (let r = 0; r < h; r++) {
    const source = (flipY ? h - 1 - r : r) * w;
    for (let c = 0; c < w; c++) out[r * w + c] = scale.level(pixels[source + c] as number);
  }
  return out;
}
