import { VizError } from './errors.js';

export type Attrs = Record<string, string | number | undefined>;

/** Font sizes shared by every plot, in SVG user units. */
export const FONT = { tick: 11, label: 13, title: 15 } as const;

/**
 * The estimated width of `text` in a sans-serif font. We have no font metrics (no DOM); 0.62 em per
 * character is the average of DejaVu Sans, the widest common sans-serif, so layouts err on the roomy side.
 */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.62;
}

/**
 * A coordinate as written into the SVG: rounded to 0.01 (plenty for print at any size) so output is
 * short and byte-stable. Non-finite coordinates are a bug in the layout and never reach the file.
 */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new VizError(`viz: internal error, coordinate ${n} is not finite`);
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function el(tag: string, attrs: Attrs, content?: string): string {
  let out = `<${tag}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${key}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return content === undefined ? `${out}/>` : `${out}>${content}</${tag}>`;
}

export function text(content: string, attrs: Attrs): string {
  return el('text', attrs, escapeXml(content));
}

export function group(attrs: Attrs, children: readonly string[]): string {
  return el('g', attrs, `\n${children.join('\n')}\n`);
}

/** An embedded raster, drawn with hard pixel edges when scaled up. */
export function image(x: number, y: number, width: number, height: number, dataUrl: string, smooth = false): string {
  return el('image', {
    x,
    y,
    width,
    height,
    preserveAspectRatio: 'none',
    style: smooth ? undefined : 'image-rendering:pixelated',
    'xlink:href': dataUrl,
  });
}

/** A standalone SVG document: white background, generic sans-serif, an accessible `<title>`. */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  const open = el('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    'xmlns:xlink': 'http://www.w3.org/1999/xlink',
    width: w,
    height: h,
    viewBox: `0 0 ${w} ${h}`,
    'font-family': 'sans-serif',
  }).replace(/\/>$/, '>');
  const lines = [open, el('title', {}, escapeXml(title)), el('rect', { width: w, height: h, fill: 'white' }), ...body];
  return `${lines.join('\n')}\n</svg>\n`;
}
