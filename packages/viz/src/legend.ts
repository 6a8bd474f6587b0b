import type { Box } from './layout.js';
import { el, FONT, group, text, textWidth } from './svg.js';

export interface LegendItem {
  readonly label: string;
  /** The item's marker or line, centred on (cx, cy). */
  readonly swatch: (cx: number, cy: number) => string;
}

export type LegendPosition = 'upper left' | 'upper right' | 'lower left' | 'lower right';

const PAD = 7;
const ROW = 18;
const SWATCH = 26;
const INSET = 8;

function legendBox(items: readonly LegendItem[], plot: Box, position: LegendPosition): Box {
  const width = PAD * 2 + SWATCH + 6 + Math.max(...items.map((item) => textWidth(item.label, FONT.tick)));
  const height = PAD * 2 + ROW * items.length - 4;
  const left = position.endsWith('left') ? plot.left + INSET : plot.right - INSET - width;
  const top = position.startsWith('upper') ? plot.top + INSET : plot.bottom - INSET - height;
  return { left, top, right: left + width, bottom: top + height };
}

/** A matplotlib-like legend: a white, light-edged box in a corner of the plot. */
export function legend(items: readonly LegendItem[], plot: Box, position: LegendPosition): string {
  const box = legendBox(items, plot, position);
  const rows = items.flatMap((item, i) => {
    const cy = box.top + PAD + ROW * i + 7;
    return [
      item.swatch(box.left + PAD + SWATCH / 2, cy),
      text(item.label, { x: box.left + PAD + SWATCH + 6, y: cy, dy: '0.35em' }),
    ];
  });
  const frame = el('rect', {
    x: box.left,
    y: box.top,
    width: box.right - box.left,
    height: box.bottom - box.top,
    rx: 3,
    fill: 'white',
    'fill-opacity': 0.85,
    stroke: '#cccccc',
  });
  return group({ 'font-size': FONT.tick }, [frame, ...rows]);
}

/** The corner whose legend box would cover the fewest data points (matplotlib's `loc='best'`, simplified). */
export function bestPosition(
  items: readonly LegendItem[],
  plot: Box,
  points: ReadonlyArray<readonly [number, number]>,
): LegendPosition {
  const corners: LegendPosition[] = ['upper right', 'upper left', 'lower left', 'lower right'];
  let best = corners[0] as LegendPosition;
  let fewest = Number.POSITIVE_INFINITY;
  for (const corner of corners) {
    const b = legendBox(items, plot, corner);
    let covered = 0;
    for (const [px, py] of points) if (px >= b.left && px <= b.right && py >= b.top && py <= b.bottom) covered++;
    if (covered < fewest) {
      fewest = covered;
      best = corner;
    }
  }
  return best;
}
