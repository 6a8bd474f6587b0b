import { format } from 'd3-format';
import { type ScaleLinear, scaleLinear } from 'd3-scale';
import { type Box, centredText, TITLE_BLOCK, verticalLabel } from './layout.js';
import { el, FONT, group, text, textWidth } from './svg.js';

export interface AxesSpec {
  readonly width: number;
  readonly height: number;
  readonly title?: string | undefined;
  readonly xLabel?: string | undefined;
  readonly yLabel?: string | undefined;
  readonly xDomain: readonly [number, number];
  /** Only whole numbers as x ticks (epochs, steps). */
  readonly integerX?: boolean | undefined;
  readonly yDomain: readonly [number, number];
}

export interface Axes {
  readonly x: ScaleLinear<number, number>;
  readonly y: ScaleLinear<number, number>;
  readonly plot: Box;
  /** The frame, ticks, tick labels, axis labels and title, drawn after the data so the frame is on top. */
  readonly decorations: string[];
}

const TICK = 5;
const TICK_GAP = 3;

/** A matplotlib-like box of axes: black frame, outward ticks on the left and bottom, nice d3 ticks. */
export function axes(spec: AxesSpec): Axes {
  const { width, height } = spec;
  const top = spec.title ? TITLE_BLOCK.height : 14;
  const bottom = TICK + TICK_GAP + FONT.tick + (spec.xLabel ? 8 + FONT.label : 0) + 12;

  const yCount = Math.max(2, Math.round((height - top - bottom) / 45));
  const y = scaleLinear()
    .domain(widen(spec.yDomain))
    .range([height - bottom, top])
    .nice(yCount);
  const yTicks = y.ticks(yCount);
  const yFormat = y.tickFormat(yCount);
  const yLabels = yTicks.map(yFormat);
  const widestY = Math.max(...yLabels.map((s) => textWidth(s, FONT.tick)));
  const left = 10 + (spec.yLabel ? FONT.label + 8 : 0) + widestY + TICK_GAP + TICK;

  const xCount = Math.max(2, Math.round((width - left - 20) / 90));
  // Whole-number axes (epochs) keep the caller's domain: rounding [0.5, 10.5] out to [0, 15] wastes room.
  const x = scaleLinear().domain(widen(spec.xDomain));
  if (!spec.integerX) x.nice(xCount);
  const xTicks = spec.integerX ? x.ticks(xCount).filter(Number.isInteger) : x.ticks(xCount);
  const xFormat = spec.integerX ? format(',') : x.tickFormat(xCount);
  const xLabels = xTicks.map((t) => xFormat(t));
  // The last tick label is centred on the right edge: leave room for its right half.
  const right = Math.max(16, textWidth(xLabels[xLabels.length - 1] ?? '', FONT.tick) / 2 + 8);
  x.range([left, width - right]);

  const plot: Box = { left, top, right: width - right, bottom: height - bottom };
  const decorations: string[] = [
    el('rect', {
      x: plot.left,
      y: plot.top,
      width: plot.right - plot.left,
      height: plot.bottom - plot.top,
      fill: 'none',
      stroke: 'black',
    }),
  ];
  const ticks: string[] = [];
  xTicks.forEach((t, i) => {
    const px = x(t);
    ticks.push(el('line', { x1: px, y1: plot.bottom, x2: px, y2: plot.bottom + TICK, stroke: 'black' }));
    ticks.push(
      text(xLabels[i] ?? '', { x: px, y: plot.bottom + TICK + TICK_GAP + FONT.tick, 'text-anchor': 'middle' }),
    );
  });
  yTicks.forEach((t, i) => {
    const py = y(t);
    ticks.push(el('line', { x1: plot.left - TICK, y1: py, x2: plot.left, y2: py, stroke: 'black' }));
    ticks.push(text(yLabels[i] ?? '', { x: plot.left - TICK - TICK_GAP, y: py, dy: '0.35em', 'text-anchor': 'end' }));
  });
  decorations.push(group({ 'font-size': FONT.tick }, ticks));

  const midX = (plot.left + plot.right) / 2;
  if (spec.xLabel) decorations.push(centredText(spec.xLabel, midX, height - 12, width, FONT.label));
  if (spec.yLabel) {
    decorations.push(verticalLabel(spec.yLabel, 10, (plot.top + plot.bottom) / 2, FONT.label, 6, height - 6));
  }
  if (spec.title) decorations.push(centredText(spec.title, midX, TITLE_BLOCK.baseline, width, FONT.title));
  return { x, y, plot, decorations };
}

/** A zero-width domain (one epoch, a constant series) widened so the scale and its ticks are defined. */
function widen([lo, hi]: readonly [number, number]): [number, number] {
  if (lo < hi) return [lo, hi];
  const pad = lo === 0 ? 1 : Math.abs(lo) / 2;
  return [lo - pad, hi + pad];
}
