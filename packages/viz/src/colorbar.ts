import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { type ColorTable, LEVELS } from './colormap.js';
import { verticalLabel } from './layout.js';
import { levelsToPng } from './png.js';
import { el, FONT, group, image, text, textWidth } from './svg.js';

export interface ColorbarSpec {
  readonly x: number;
  readonly y: number;
  readonly height: number;
  readonly domain: readonly [number, number];
  readonly table: ColorTable;
  readonly label?: string | undefined;
}

const BAR = 14;
const TICK = 4;

/**
 * The ticks of a colour bar: d3's nice ticks, at least three, each label distinct (a narrow range such
 * as [-0.004, 0.004] gets its ends and middle, with the digits they need).
 */
export function ticksOf(spec: Pick<ColorbarSpec, 'height' | 'domain'>) {
  const scale = scaleLinear().domain(spec.domain);
  const count = Math.max(3, Math.floor(spec.height / 40));
  let values = scale.ticks(count);
  let labels = values.map(scale.tickFormat(count));
  if (values.length < 3 || new Set(labels).size < labels.length) {
    const [lo, hi] = spec.domain;
    values = lo === hi ? [lo] : [lo, (lo + hi) / 2, hi];
    labels = values.map(format('.2~g'));
    for (let digits = 3; new Set(labels).size < labels.length && digits <= 8; digits++) {
      labels = values.map(format(`.${digits}~g`));
    }
  }
  return { values, labels };
}

export function colorbarWidth(spec: Pick<ColorbarSpec, 'height' | 'domain' | 'label'>): number {
  const { labels } = ticksOf(spec);
  const widest = Math.max(0, ...labels.map((s) => textWidth(s, FONT.tick)));
  return BAR + TICK + 3 + widest + (spec.label ? 8 + FONT.label : 0);
}

/** A vertical colour bar (high values on top) with ticks and a rotated label on its right. */
export function colorbar(spec: ColorbarSpec): string {
  const { x, y, height, domain, table } = spec;
  const ramp = new Int16Array(LEVELS);
  for (let i = 0; i < LEVELS; i++) ramp[i] = LEVELS - 1 - i;
  const scale = scaleLinear()
    .domain(domain)
    .range([y + height, y]);
  const { values, labels } = ticksOf(spec);
  const parts = [
    image(x, y, BAR, height, levelsToPng(ramp, 1, LEVELS, table)),
    el('rect', { x, y, width: BAR, height, fill: 'none', stroke: 'black', 'stroke-width': 0.8 }),
  ];
  const ticks = values.flatMap((v, i) => [
    el('line', { x1: x + BAR, y1: scale(v), x2: x + BAR + TICK, y2: scale(v), stroke: 'black' }),
    text(labels[i] ?? '', { x: x + BAR + TICK + 3, y: scale(v), dy: '0.35em' }),
  ]);
  parts.push(group({ 'font-size': FONT.tick }, ticks));
  if (spec.label) {
    const widest = Math.max(0, ...labels.map((s) => textWidth(s, FONT.tick)));
    parts.push(verticalLabel(spec.label, x + BAR + TICK + 3 + widest + 6, y + height / 2, FONT.label, y, y + height));
  }
  return group({ class: 'colorbar' }, parts);
}
