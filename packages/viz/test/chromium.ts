/**
 * Dev only: renders an SVG string to PNG in Debian's headless Chromium, driven by playwright-core.
 * Not part of @typeflow/viz (which has no browser); other packages' tests can copy the idea.
 */
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying to reach Google's services.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RenderedSvg {
  readonly png: Buffer;
  /** The root element's name as the browser parsed the document: 'svg', unless the XML was broken. */
  readonly root: string;
  /** Console errors, page errors and failed requests while loading. */
  readonly errors: string[];
  /** `getBBox()` of the root <svg> (its white background included). */
  readonly bbox: Box;
  /** The union box of every top-level element except the white background: what the plot drew. */
  readonly drawn: Box;
  /** Every <text> as laid out by the browser with real fonts (after transforms), in CSS pixels. */
  readonly texts: (Box & { readonly text: string })[];
  readonly width: number;
  readonly height: number;
}

// Runs in the page (a string, so this package's typecheck needs no DOM types). `drawn` is the union
// box of everything but the white background rect, i.e. what the plot actually drew.
const INSPECT = `(() => {
  const root = document.documentElement;
  const parserError = document.getElementsByTagName('parsererror').length > 0;
  const box = (el) => { const b = el.getBBox(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
  if (parserError || !(root instanceof SVGSVGElement)) {
    return { root: parserError ? 'parsererror' : root.localName, bbox: box0(), drawn: box0(), texts: [] };
  }
  function box0() { return { x: 0, y: 0, width: 0, height: 0 }; }
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const el of root.children) {
    if (!(el instanceof SVGGraphicsElement) || el.getAttribute('fill') === 'white') continue;
    const b = el.getBoundingClientRect(); // after transforms (getBBox ignores a rotation)
    if (b.width === 0 && b.height === 0) continue;
    x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
  }
  const drawn = x0 <= x1 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : box0();
  const texts = Array.from(root.querySelectorAll('text'), (t) => {
    const r = t.getBoundingClientRect();
    return { text: t.textContent, x: r.x, y: r.y, width: r.width, height: r.height };
  });
  return { root: root.localName, bbox: box(root), drawn, texts };
})()`;

// A made-up origin answered by page.route: the SVG is served as a standalone image/svg+xml document
// (parsed as XML, as a file on disk would be) and nothing goes to the network.
const ORIGIN = 'http://viz.invalid';

/** Loads `svg` as a document, waits for its embedded images, and screenshots it at `scale` x its size. */
export async function renderSvg(browser: Browser, svg: string, { scale = 1 } = {}): Promise<RenderedSvg> {
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const width = Math.ceil(Number(size?.[1] ?? 800));
  const height = Math.ceil(Number(size?.[2] ?? 600));
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url().slice(0, 80)}`));
    await page.route(`${ORIGIN}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'image/svg+xml; charset=utf-8', body: svg }),
    );
    await page.goto(`${ORIGIN}/plot.svg`, { waitUntil: 'load' });
    const info = (await page.evaluate(INSPECT)) as Pick<RenderedSvg, 'root' | 'bbox' | 'drawn' | 'texts'>;
    const png = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height } });
    return { png, errors, width, height, ...info };
  } finally {
    await context.close();
  }
}
