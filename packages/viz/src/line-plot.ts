import { extent } from 'd3-array';
import { schemeCategory10 } from 'd3-scale-chromatic';
import { axes } from './axes.js';
import { refuse } from './errors.js';
import { bestPosition, type LegendItem, type LegendPosition, legend } from './legend.js';
import { dotPath } from './markers.js';
import { el, num, svgDocument } from './svg.js';
import { describe, numbers, optionalString, optionsOf, size } from './validate.js';

export interface LineSeries {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /**
   * A CSS colour. By default one of matplotlib's tab10 colours chosen from the name, so a series keeps
   * its colour in every plot it appears in (the next free one if two names in a plot would share it).
   */
  readonly color?: string;
}

export interface LinePlotOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
  /** Where the legend goes: 'best' (default) picks the corner covering the fewest points. */
  readonly legend?: LegendPosition | 'best' | 'none';
}

const FN = 'linePlot';
const POSITIONS = ['best', 'none', 'upper left', 'upper right', 'lower left', 'lower right'];

interface Checked {
  name: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/**
 * Lines through (x, y) points, one per series, with a legend. A point whose x or y is not finite
 * (NaN, or the -Infinity of log 0) breaks its line: the gap is visible. A point with gaps on both sides
 * is drawn as a dot.
 */
export function linePlot(series: readonly LineSeries[], options?: LinePlotOptions): string {
  const list = checkSeries(series);
  const o = optionsOf(options, FN);
  const width = size(o.width, 640, 240, FN, 'width');
  const height = size(o.height, 400, 180, FN, 'height');
  const place = o.legend ?? 'best';
  if (!POSITIONS.includes(place)) refuse(FN, 'legend', `one of ${POSITIONS.join(', ')}`, describe(place));
  const title = optionalString(o.title, FN, 'title');

  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of list) {
    for (let i = 0; i < s.x.length; i++) {
      if (finitePoint(s, i)) {
        xs.push(s.x[i] as number);
        ys.push(s.y[i] as number);
      }
    }
  }
  if (xs.length === 0) refuse(FN, 'series', 'at least one point with finite x and y', 'none');
  const frame = axes({
    width,
    height,
    title,
    xLabel: optionalString(o.xLabel, FN, 'xLabel'),
    integerX: xs.every(Number.isInteger), // epochs, steps: no tick at 1.5
    yLabel: optionalString(o.yLabel, FN, 'yLabel'),
    xDomain: extent(xs) as [number, number],
    yDomain: extent(ys) as [number, number],
  });

  const body = list.map((s) => {
    const { line, dots } = pathOf(s, frame.x, frame.y);
    const parts = [];
    if (line)
      parts.push(
        el('path', { d: line, fill: 'none', stroke: s.color, 'stroke-width': 1.8, 'stroke-linejoin': 'round' }),
      );
    if (dots) parts.push(el('path', { d: dots, fill: s.color }));
    return parts.join('\n');
  });
  body.push(...frame.decorations);
  if (place !== 'none') {
    const items: LegendItem[] = list.map((s) => ({
      label: s.name,
      swatch: (cx, cy) =>
        el('line', { x1: cx - 11, y1: cy, x2: cx + 11, y2: cy, stroke: s.color, 'stroke-width': 1.8 }),
    }));
    const points = list.flatMap((s) => screenPoints(s, frame.x, frame.y));
    body.push(legend(items, frame.plot, place === 'best' ? bestPosition(items, frame.plot, points) : place));
  }
  return svgDocument(width, height, title ?? list.map((s) => s.name).join(', '), body);
}

function checkSeries(series: unknown): Checked[] {
  if (!Array.isArray(series) || series.length === 0) {
    refuse(FN, 'series', 'a non-empty array of { name, x, y }', describe(series));
  }
  const taken = new Set<number>();
  return series.map((s: unknown, i) => {
    const arg = `series[${i}]`;
    if (typeof s !== 'object' || s === null) refuse(FN, arg, 'an object { name, x, y }', describe(s));
    const { name, x, y, color } = s as Partial<LineSeries>;
    if (typeof name !== 'string') refuse(FN, `${arg}.name`, 'a string', describe(name));
    const xv = numbers(x, FN, `${arg}.x`);
    const yv = numbers(y, FN, `${arg}.y`);
    if (xv.length !== yv.length) refuse(FN, `${arg}.y`, `${xv.length} values (as many as x)`, `${yv.length}`);
    if (color !== undefined && typeof color !== 'string')
      refuse(FN, `${arg}.color`, 'a CSS colour string', describe(color));
    return { name, x: xv, y: yv, color: color ?? colorOf(name, taken) };
  });
}

/** A tab10 colour by a hash of the name; the next colour not yet taken in this plot (cycling after 9). */
export function colorOf(name: string, taken: Set<number>): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  let index = hash % PALETTE.length;
  for (let tries = 0; tries < PALETTE.length && taken.has(index); tries++) index = (index + 1) % PALETTE.length;
  taken.add(index);
  return PALETTE[index] as string;
}

// tab10 without its grey, which reads as a frame or grid line rather than a series.
const PALETTE = schemeCategory10.filter((colour) => colour !== '#7f7f7f');

function finitePoint(s: Checked, i: number): boolean {
  return Number.isFinite(s.x[i]) && Number.isFinite(s.y[i]);
}

function pathOf(s: Checked, x: (v: number) => number, y: (v: number) => number): { line: string; dots: string } {
  let line = '';
  let dots = '';
  let run: string[] = [];
  const flush = (lastX: number, lastY: number) => {
    if (run.length === 1) dots += dotPath(lastX, lastY, 1.8);
    else if (run.length > 1) line += `M${run.join('L')}`;
    run = [];
  };
  let px = 0;
  let py = 0;
  for (let i = 0; i < s.x.length; i++) {
    if (!finitePoint(s, i)) {
      flush(px, py);
      continue;
    }
    px = x(s.x[i] as number);
    py = y(s.y[i] as number);
    run.push(`${num(px)} ${num(py)}`);
  }
  flush(px, py);
  return { line, dots };
}

/** Points along every drawn segment, at most 4 units apart, so 'best' sees lines and not only their vertices. */
function screenPoints(s: Checked, x: (v: number) => number, y: (v: number) => number): [number, number][] {
  const out: [number, number][] = [];
  let last: [number, number] | undefined;
  for (let i = 0; i < s.x.length; i++) {
    if (!finitePoint(s, i)) {
      last = undefined;
      continue;
    }
    const p: [number, number] = [x(s.x[i] as number), y(s.y[i] as number)];
    if (last) {
      const steps = Math.min(1000, Math.ceil(Math.hypot(p[0] - last[0], p[1] - last[1]) / 4));
      for (let k = 1; k < steps; k++)
        out.push([last[0] + ((p[0] - last[0]) * k) / steps, last[1] + ((p[1] - last[1]) * k) / steps]);
    }
    out.push(p);
    last = p;
  }
  return out;
}
