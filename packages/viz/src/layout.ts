import { FONT, text, textWidth } from './svg.js';

/** A rectangle in absolute SVG coordinates. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * The smallest text any plot draws, in SVG units: a plot drawn at the width it is shown at (e.g. a
 * phone's 342 CSS px) keeps every label at 9 CSS px or more.
 */
export const MIN_FONT = 9;

/** The largest font size up to `preferred` (at least `min`) at which `content` fits in `maxWidth`. */
export function fitFont(content: string, maxWidth: number, preferred: number, min = MIN_FONT): number {
  const width = textWidth(content, preferred);
  if (width <= maxWidth) return preferred;
  return Math.max(min, (preferred * maxWidth) / width);
}

/** A text centred at `cx`, moved (not cut) so it stays inside [0, totalWidth] with a 6-unit edge. */
export function centredText(content: string, cx: number, y: number, totalWidth: number, fontSize: number): string {
  const size = fitFont(content, totalWidth - 12, fontSize);
  const half = textWidth(content, size) / 2;
  const x = Math.min(Math.max(cx, 6 + half), totalWidth - 6 - half);
  return text(content, { x, y, 'font-size': size, 'text-anchor': 'middle' });
}

/** A title line at the top of a plot: its baseline, and the height it takes. */
export const TITLE_BLOCK = { baseline: 10 + FONT.title, height: 10 + FONT.title + 12 } as const;

/**
 * A vertical axis label reading bottom to top with its glyphs right of `x`, centred on `cy` but moved and,
 * if need be, shrunk to stay within [top, bottom].
 */
export function verticalLabel(
  content: string,
  x: number,
  cy: number,
  fontSize: number,
  top: number,
  bottom: number,
): string {
  const size = fitFont(content, bottom - top, fontSize);
  const half = textWidth(content, size) / 2;
  const y = Math.min(Math.max(cy, top + half), bottom - half);
  const baseline = x + size * 0.8;
  return text(content, {
    x: baseline,
    y,
    'font-size': size,
    'text-anchor': 'middle',
    transform: `rotate(-90 ${round(baseline)} ${round(y)})`,
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * A caption in at most two lines of `maxWidth` at `fontSize`: as it is if it fits, else broken at the
 * space nearest its middle; a line that still does not fit is cut with an ellipsis.
 */
export function captionLines(content: string, maxWidth: number, fontSize: number): string[] {
  if (textWidth(content, fontSize) <= maxWidth) return [content];
  const split = bestSpace(content);
  const lines = split < 0 ? [content] : [content.slice(0, split), content.slice(split + 1)];
  return lines.map((line) => cut(line, maxWidth, fontSize));
}

/** The largest size up to `preferred` (at least `min`) at which `content` fits `maxWidth` in two lines. */
export function captionFont(content: string, maxWidth: number, preferred: number, min = MIN_FONT): number {
  const split = bestSpace(content);
  const longest =
    split < 0 || textWidth(content, preferred) <= maxWidth
      ? content
      : [content.slice(0, split), content.slice(split + 1)].reduce((a, b) => (b.length > a.length ? b : a));
  return fitFont(longest, maxWidth, preferred, min);
}

/** The index of the space nearest the middle of `content`, or -1. */
function bestSpace(content: string): number {
  let best = -1;
  for (let i = content.indexOf(' '); i >= 0; i = content.indexOf(' ', i + 1)) {
    if (best < 0 || Math.abs(i - content.length / 2) < Math.abs(best - content.length / 2)) best = i;
  }
  return best;
}

function cut(line: string, maxWidth: number, fontSize: number): string {
  if (textWidth(line, fontSize) <= maxWidth) return line;
  const keep = Math.max(1, Math.floor(maxWidth / (fontSize * 0.62)) - 1);
  return `${line.slice(0, keep)}…`;
}
