import { format as d3format } from 'd3-format';
import { colorbar, colorbarWidth } from './colorbar.js';
import { type Colormap, type ColormapName, type ColorTable, colorTable, textColorOn } from './colormap.js';
import { refuse } from './errors.js';
import { centredText, fitFont, MIN_FONT, TITLE_BLOCK, verticalLabel } from './layout.js';
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
import { valueScale } from './value-scale.js';

export interface HeatmapOptions {
  /** The width the plot is shown at: cells get narrower (to 12 units) so it fits and its text keeps its size. */
  readonly maxWidth?: number;
  readonly title?: string;
  /** One label per row (drawn left) and per column (drawn on top, as matshow does); default: indices. */
  readonly rowLabels?: readonly (string | number)[];
  readonly colLabels?: readonly (string | number)[];
  /** Named above the column labels, e.g. 'predicted font'. */
  readonly xLabel?: string;
  /** Named left of the row labels, e.g. 'true font'. */
  readonly yLabel?: string;
  /** Default 'viridis', or 'diverging' when `center` is given. */
  readonly colormap?: ColormapName | Colormap;
  /** Makes the colour range symmetric about this value (default 0 for the diverging map). */
  readonly center?: number;
  /** A fixed colour range `[low, high]` (values outside take the end colours). */
  readonly domain?: readonly [number, number];
  /** Writes each value in its cell; default when cells are at least 24 units wide and high. */
  readonly showValues?: boolean;
  /** A d3-format specifier ('d', '.2f', '.1%') or a function; default 'd' for integers, else '.2f'. */
  readonly format?: string | ((value: number) => string);
  /** The colour bar's label (default 'value'). */
  readonly colorbarLabel?: string;
  /**
   * The side of a (square) cell in SVG units. By default cells are square and the matrix fits in about
   * 360 units; a side that would be shorter than 120 units is stretched (up to 64 units a cell), so a
   * 32 x 5 or 1296 x 5 weight matrix is a readable column, not a sliver; and a side with up to 100
   * given labels (class names) gets cells of at least 11 units, so every label is drawn.
   */
  readonly cellSize?: number;
}

const FN = 'heatmap';
/** Above this many cells the matrix is drawn as one embedded PNG instead of one <rect> per cell. */
const MAX_RECT_CELLS = 4096;
/** Below this cell size (in SVG units) too: rects that small would only blur into each other. */
const MIN_RECT_SIDE = 3;
/** Up to this many given labels on a side are all drawn: its cells grow to NAMED_SIDE if smaller. */
const MAX_NAMED = 100;
/** A cell side that holds one label line at 9 units or more (font size x 1.2 of leading). */
const NAMED_SIDE = 11;
const MISSING_STROKE = '#999999';

/**
 * A matrix as coloured cells with a labelled colour bar, like matplotlib's `matshow`: row 0 on top,
 * column labels on top. Non-finite cells (NaN, Infinity) are left out of the colour range and drawn
 * white with a grey cross.
 */
export function heatmap(matrix: readonly ArrayLike<number>[], options?: HeatmapOptions): string {
  const rows = checkMatrix(matrix);
  const nRows = rows.length;
  const nCols = (rows[0] as ArrayLike<number>).length;
  const o = optionsOf(options, FN);
  const title = optionalString(o.title, FN, 'title');
  const xLabel = optionalString(o.xLabel, FN, 'xLabel');
  const yLabel = optionalString(o.yLabel, FN, 'yLabel');
  const center = o.center === undefined ? undefined : finiteNumber(o.center, FN, 'center');
  const table = colorTable(o.colormap, center === undefined ? 'viridis' : 'diverging', FN);
  const scale = valueScale(rows, {
    domain: domainPair(o.domain, FN, 'domain'),
    center: center ?? (table.name === 'diverging' ? 0 : undefined),
  });
  const rowNames = labels(o.rowLabels, nRows, FN, 'rowLabels');
  const colNames = labels(o.colLabels, nCols, FN, 'colLabels');
  const maxWidth = o.maxWidth === undefined ? undefined : size(o.maxWidth, 960, 120, FN, 'maxWidth');
  const cells0 = cellSizes(o.cellSize, nRows, nCols, rowNames !== undefined, colNames !== undefined);
  const { cellH } = cells0;
  let { cellW } = cells0;
  if (maxWidth !== undefined) {
    // Narrower cells, down to 12 units, so the matrix, its labels and its colour bar fit `maxWidth`.
    const rowWidest = Math.max(...(rowNames ?? [String(nRows - 1)]).map((s) => textWidth(s, FONT.tick)));
    const aside =
      10 +
      (yLabel ? FONT.label + 8 : 0) +
      rowWidest +
      6 +
      14 +
      10 +
      colorbarWidth({
        height: Math.max(nRows * cellH, 120),
        domain: scale.domain,
        label: optionalString(o.colorbarLabel, FN, 'colorbarLabel') ?? 'value',
      });
    cellW = Math.max(Math.min(12, cellW), Math.min(cellW, Math.floor((maxWidth - aside) / nCols)));
  }
  const showValues = optionalBoolean(o.showValues, cellW >= 24 && cellH >= 24, FN, 'showValues');
  const formatValue = formatter(o.format, rows);
  const colorbarLabel = optionalString(o.colorbarLabel, FN, 'colorbarLabel') ?? 'value';

  const rowAxis = axisLabels(rowNames, nRows, cellH, false);
  const colAxis = axisLabels(colNames, nCols, cellW, true);
  const rotate = colAxis.rotated;
  const header = rotate ? colAxis.widest + 6 : colAxis.font + 6;

  const matW = nCols * cellW;
  const matH = nRows * cellH;
  let top = title ? TITLE_BLOCK.height : 10;
  const xLabelBaseline = top + FONT.label;
  if (xLabel) top += FONT.label + 8;
  const matTop = Math.ceil(top + header);
  const barHeight = Math.max(matH, 120);
  const barWidth = colorbarWidth({ height: barHeight, domain: scale.domain, label: colorbarLabel });
  const labelsWidth = Math.ceil(10 + (yLabel ? FONT.label + 8 : 0) + rowAxis.widest + 6);
  const contentWidth = labelsWidth + matW + 14 + barWidth + 10;
  // A long title or label widens the plot, but not past maxWidth: there it is drawn smaller (centredText).
  const width = Math.max(
    contentWidth,
    Math.min(
      maxWidth ?? Number.POSITIVE_INFINITY,
      Math.max(textWidth(title ?? '', FONT.title), textWidth(xLabel ?? '', FONT.label)) + 20,
    ),
  );
  // A title wider than the matrix and its bar: centre the content under it.
  const shift = Math.floor((width - contentWidth) / 2);
  const matLeft = labelsWidth + shift;
  const barX = matLeft + matW + 14;
  const height = matTop + barHeight + 10;

  const body: string[] = [];
  const grid: Grid = { rows, left: matLeft, top: matTop, cellW, cellH, level: scale.level, table };
  body.push(cells(grid));
  if (showValues) body.push(values(grid, formatValue));
  body.push(el('rect', { x: matLeft, y: matTop, width: matW, height: matH, fill: 'none', stroke: 'black' }));

  const tickTexts: string[] = [];
  for (const [i, label] of rowAxis.shown) {
    tickTexts.push(
      text(label, {
        x: matLeft - 6,
        y: matTop + (i + 0.5) * cellH,
        dy: '0.35em',
        'text-anchor': 'end',
        'font-size': rowAxis.font,
      }),
    );
  }
  for (const [j, label] of colAxis.shown) {
    const cx = matLeft + (j + 0.5) * cellW;
    tickTexts.push(
      rotate
        ? text(label, {
            x: cx,
            y: matTop - 5,
            dy: '0.35em',
            transform: `rotate(-90 ${num(cx)} ${matTop - 5})`,
            'font-size': colAxis.font,
          })
        : text(label, { x: cx, y: matTop - 6, 'text-anchor': 'middle', 'font-size': colAxis.font }),
    );
  }
  body.push(group({ class: 'ticks' }, tickTexts));

  const midX = matLeft + matW / 2;
  if (xLabel) body.push(centredText(xLabel, midX, xLabelBaseline, width, FONT.label));
  if (yLabel) body.push(verticalLabel(yLabel, 10 + shift, matTop + matH / 2, FONT.label, matTop, height - 6));
  if (title) body.push(centredText(title, midX, TITLE_BLOCK.baseline, width, FONT.title));
  body.push(colorbar({ x: barX, y: matTop, height: barHeight, domain: scale.domain, table, label: colorbarLabel }));
  return svgDocument(width, height, title ?? `Heatmap of a ${nRows} x ${nCols} matrix`, body);
}

function checkMatrix(matrix: unknown): ArrayLike<number>[] {
  if (!Array.isArray(matrix) || matrix.length === 0)
    refuse(FN, 'matrix', 'a non-empty array of rows', describe(matrix));
  const rows = matrix.map((row, i) => numbers(row, FN, `matrix[${i}]`));
  const width = (rows[0] as ArrayLike<number>).length;
  rows.forEach((row, i) => {
    if (row.length !== width) refuse(FN, 'matrix', `rows of equal length ${width}`, `row ${i} of length ${row.length}`);
  });
  return rows;
}

function formatter(spec: unknown, rows: ArrayLike<number>[]): (v: number) => string {
  if (typeof spec === 'function') {
    return (v) => {
      const out = spec(v);
      if (typeof out !== 'string') refuse(FN, 'format', 'a function returning a string', describe(out));
      return out;
    };
  }
  if (spec !== undefined && typeof spec !== 'string')
    refuse(FN, 'format', 'a d3-format specifier or a function', describe(spec));
  const integers = rows.every((row) =>
    Array.prototype.every.call(row, (v: number) => !Number.isFinite(v) || Number.isInteger(v)),
  );
  try {
    return d3format(spec ?? (integers ? 'd' : '.2f'));
  } catch {
    return refuse(FN, 'format', 'a d3-format specifier such as "d" or ".2f"', describe(spec));
  }
}

interface AxisLabels {
  shown: [number, string][];
  font: number;
  widest: number;
  rotated: boolean;
}

/**
 * The labels along one side, thinned to every 1st, 2nd, 5th, 10th, ... so they never touch (as
 * matplotlib's locator does). Given column labels are drawn rotated when wider than a cell; default
 * index labels stay horizontal and are thinned instead.
 */
function axisLabels(given: string[] | undefined, count: number, cell: number, columns: boolean): AxisLabels {
  const all = given ?? Array.from({ length: count }, (_, i) => String(i));
  // Every given label at a readable size (9 units or more) if the cells allow, else fewer at full size.
  const font = given && cell / 1.2 >= 9 ? Math.min(FONT.tick, cell / 1.2) : FONT.tick;
  const widest = Math.max(...all.map((s) => textWidth(s, font)));
  const rotated = columns && given !== undefined && widest + 6 > cell;
  // Room one label needs along the side: its line height, or its width for horizontal column labels.
  const need = columns && !rotated ? widest + 6 : font * 1.2;
  const step = STEPS.find((s) => s * cell >= need - 1e-9) ?? count; // 1e-9: font x 1.2 may round up
  const shown: [number, string][] = [];
  for (let i = 0; i < count; i += step) shown.push([i, all[i] as string]);
  return { shown, font, widest: Math.max(...shown.map(([, s]) => textWidth(s, font))), rotated };
}

const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

/** The default cell width and height (see `cellSize`); whole units when at least 3, for crisp edges. */
function cellSizes(
  given: unknown,
  nRows: number,
  nCols: number,
  rowsNamed: boolean,
  colsNamed: boolean,
): { cellW: number; cellH: number } {
  if (given !== undefined) {
    const side = positiveInteger(given, FN, 'cellSize');
    return { cellW: side, cellH: side };
  }
  const whole = (v: number) => (v >= MIN_RECT_SIDE ? Math.floor(v) : v);
  const square = Math.min(64, 360 / Math.max(nRows, nCols));
  const side = (n: number, named: boolean) => {
    const fitted = whole(n * square < 120 ? Math.min(64, 120 / n) : square);
    return named && n <= MAX_NAMED ? Math.max(fitted, NAMED_SIDE) : fitted;
  };
  return { cellW: side(nCols, colsNamed), cellH: side(nRows, rowsNamed) };
}

interface Grid {
  readonly rows: ArrayLike<number>[];
  readonly left: number;
  readonly top: number;
  readonly cellW: number;
  readonly cellH: number;
  readonly level: (v: number) => number;
  readonly table: ColorTable;
}

function cells({ rows, left, top, cellW, cellH, level, table }: Grid): string {
  const nCols = (rows[0] as ArrayLike<number>).length;
  if (rows.length * nCols > MAX_RECT_CELLS || Math.min(cellW, cellH) < MIN_RECT_SIDE) {
    const levels = new Int16Array(rows.length * nCols);
    rows.forEach((row, i) => {
      for (let j = 0; j < nCols; j++) levels[i * nCols + j] = level(row[j] as number);
    });
    return image(left, top, nCols * cellW, rows.length * cellH, levelsToPng(levels, nCols, rows.length, table));
  }
  const rects: string[] = [];
  const missing: string[] = [];
  rows.forEach((row, i) => {
    for (let j = 0; j < nCols; j++) {
      const x = left + j * cellW;
      const y = top + i * cellH;
      const l = level(row[j] as number);
      if (l >= 0) {
        rects.push(el('rect', { x, y, width: cellW, height: cellH, fill: table.css[l] }));
      } else {
        missing.push(
          `M${num(x)} ${num(y)}l${num(cellW)} ${num(cellH)}M${num(x)} ${num(y + cellH)}l${num(cellW)} ${num(-cellH)}`,
        );
      }
    }
  });
  if (missing.length > 0) {
    rects.push(el('path', { class: 'missing', d: missing.join(''), stroke: MISSING_STROKE, fill: 'none' }));
  }
  // crispEdges: no hairline seams between neighbouring cells.
  return group({ class: 'cells', 'shape-rendering': 'crispEdges' }, rects);
}

function values({ rows, left, top, cellW, cellH, level, table }: Grid, formatValue: (v: number) => string): string {
  const texts: string[] = [];
  rows.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) {
      const v = row[j] as number;
      const l = level(v);
      if (l < 0) continue;
      const label = formatValue(v);
      texts.push(
        text(label, {
          x: left + (j + 0.5) * cellW,
          y: top + (i + 0.5) * cellH,
          dy: '0.35em',
          fill: textColorOn(table.css[l] as string),
          'font-size': fitFont(label, cellW - 4, Math.max(MIN_FONT, Math.min(13, Math.min(cellW, cellH) * 0.36))),
        }),
      );
    }
  });
  return group({ class: 'values', 'text-anchor': 'middle' }, texts);
}
