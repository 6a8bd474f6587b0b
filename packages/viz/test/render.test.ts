import { decode } from 'fast-png';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracyCurves, heatmap, imageGrid, linePlot } from '../src/index.js';
import { launchChromium, type RenderedSvg, renderSvg } from './chromium.js';

// Synthetic stand-ins shaped like the book's data (the gallery script draws the real data).
const epochs = Array.from({ length: 500 }, (_, i) => i * 10);
const fonts = ['font 0', 'font 1', 'font 2', 'font 3', 'font 4'];
const chars = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];
const glyph = (k: number) =>
  Uint8Array.from({ length: 1296 }, (_, p) =>
    ((p % 36) - 18) ** 2 + (Math.floor(p / 36) - 18) ** 2 < 40 + k ? 255 : 0,
  );
const blob = (k: number) =>
  Float32Array.from({ length: 1296 }, (_, p) => Math.sin((p % 36) / (k + 2)) * Math.cos(Math.floor(p / 36) / 5));

/** N class names as fonts are named: up to 32 characters, several words. */
const FAMILIES = ['EB Garamond', 'Oswald', 'JetBrains Mono', 'Dancing Script', 'Alfa Slab One', 'DejaVu Serif'];
const STYLES = ['Regular', 'Italic', 'Medium', 'SemiBold', 'Bold Italic', 'Light', 'Thin', 'ExtraBold', 'Black'];
const classNames = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    `${FAMILIES[i % 6]} ${STYLES[Math.floor(i / 6)]}`.replace('Serif Thin', 'Sans Narrow Thin'),
  );

const columns = (n: number) => (n > 7 ? 20 : 62);

/** The CLI's class plots for n classes: confusion, output weights, per-class weight maps, montage. */
function classPlots(n: number): Record<string, () => string> {
  const names = classNames(n);
  return {
    [`confusion, ${n} classes`]: () =>
      heatmap(
        names.map((_, i) => names.map((__, j) => (i === j ? 40 : (i * 7 + j * 3) % 5))),
        { rowLabels: names, colLabels: names, xLabel: 'predicted font', yLabel: 'true font', title: 'Confusion' },
      ),
    [`output weights, ${n} classes`]: () =>
      heatmap(
        Array.from({ length: 32 }, (_, i) => names.map((__, j) => Math.sin(i * 5 + j) / 3)),
        {
          colLabels: names,
          rowLabels: Array.from({ length: 32 }, (_, i) => i),
          xLabel: 'font',
          yLabel: 'hidden unit',
          colormap: 'diverging',
          showValues: false,
          title: 'Output weights (W3)',
        },
      ),
    [`pixel weights, ${n} classes`]: () =>
      heatmap(
        Array.from({ length: 1296 }, (_, i) => names.map((__, j) => Math.sin(i / 50 + j))),
        { colLabels: names, yLabel: 'pixel', xLabel: 'font', colormap: 'diverging', title: 'Output weights (W)' },
      ),
    [`weight maps, ${n} classes`]: () =>
      imageGrid(
        names.map((_, k) => blob(k)),
        { width: 36, height: 36, flipY: true, colormap: 'diverging', labels: names, title: 'Weights per font (W)' },
      ),
    // 62 characters at 2 and 7 classes; 20 at 50 (3,100 tiles take Chromium seconds, the layout is the same).
    [`montage, ${n} classes`]: () =>
      imageGrid(
        Array.from({ length: n * columns(n) }, (_, k) => glyph(k % columns(n))),
        {
          width: 36,
          height: 36,
          rows: n,
          cols: columns(n),
          flipY: true,
          colormap: 'grayReversed',
          colorbar: false,
          rowLabels: names,
          colLabels: chars.slice(0, columns(n)),
          title: `${n} fonts x ${columns(n)} characters`,
        },
      ),
  };
}

const CLASS_PLOTS = { ...classPlots(2), ...classPlots(7), ...classPlots(50) };

const PLOTS: Record<string, () => string> = {
  ...CLASS_PLOTS,
  accuracy: () =>
    accuracyCurves({
      epochs,
      train: epochs.map((e) => 0.2 + 0.5 * (1 - Math.exp(-e / 800))),
      valid: epochs.map((e) => (e === 300 ? Number.NaN : 0.2 + 0.4 * (1 - Math.exp(-e / 800)))),
      title: 'Accuracy',
    }),
  confusion: () =>
    heatmap(
      fonts.map((_, i) => fonts.map((__, j) => (i === j ? 40 + i : (i + 2 * j) % 7))),
      {
        rowLabels: fonts,
        colLabels: fonts,
        xLabel: 'predicted font',
        yLabel: 'true font',
        colorbarLabel: 'count',
        title: 'Confusion matrix',
      },
    ),
  outputWeights: () =>
    heatmap(
      Array.from({ length: 32 }, (_, i) =>
        fonts.map((__, j) => (j === 2 && i === 7 ? Number.NaN : Math.sin(i * 5 + j) / 3)),
      ),
      {
        colLabels: fonts,
        xLabel: 'font',
        yLabel: 'hidden unit',
        colormap: 'diverging',
        colorbarLabel: 'weight',
        title: 'Output weights W3',
      },
    ),
  // As the CLI draws a hidden model's W2 (128 x 5, every row labelled) and the logistic W (1296 x 5).
  labelledTallWeights: () =>
    heatmap(
      Array.from({ length: 128 }, (_, i) => fonts.map((__, j) => Math.cos(i + j))),
      {
        rowLabels: Array.from({ length: 128 }, (_, i) => i),
        colLabels: fonts,
        colormap: 'diverging',
        showValues: false,
        title: 'W2',
      },
    ),
  pixelWeights: () =>
    heatmap(
      Array.from({ length: 1296 }, (_, i) => fonts.map((__, j) => Math.sin(i / 50 + j))),
      { colLabels: fonts, yLabel: 'pixel', xLabel: 'font', colormap: 'diverging', title: 'Output weights (W)' },
    ),
  logisticWeights: () =>
    imageGrid(
      fonts.map((_, k) => blob(k)),
      {
        width: 36,
        height: 36,
        colormap: 'diverging',
        labels: fonts,
        colorbarLabel: 'weight',
        title: 'Logistic weights',
      },
    ),
  firstLayer: () =>
    imageGrid(
      { data: Float32Array.from({ length: 32 * 1296 }, (_, i) => Math.sin(i / 97)), count: 32 },
      {
        width: 36,
        height: 36,
        rows: 4,
        cols: 8,
        labels: Array.from({ length: 32 }, (_, i) => `unit ${i}`),
        colorbarLabel: 'weight',
        title: 'First-layer units',
      },
    ),
  montage: () =>
    imageGrid(
      Array.from({ length: 310 }, (_, k) => glyph(k % 62)),
      {
        width: 36,
        height: 36,
        rows: 5,
        cols: 62,
        flipY: true,
        colormap: 'grayReversed',
        colorbar: false,
        rowLabels: fonts,
        colLabels: chars,
        title: 'Dataset',
      },
    ),
  longLabels: () => {
    const names = Array.from({ length: 12 }, (_, i) => `category number ${i}`);
    return heatmap(
      names.map((_, i) => names.map((__, j) => (i * j) % 13)),
      {
        rowLabels: names,
        colLabels: names,
        xLabel: 'predicted',
        yLabel: 'true',
        title: 'A long title for a small matrix of counts',
      },
    );
  },
  activations: () => {
    const x = Array.from({ length: 81 }, (_, i) => -2 + i * 0.05);
    return linePlot(
      [
        { name: 'square', x, y: x.map((v) => v * v) },
        { name: 'log', x, y: x.map(Math.log) },
        { name: 'sigmoid', x, y: x.map((v) => 1 / (1 + Math.exp(-v))) },
      ],
      { xLabel: 'x', yLabel: 'f(x)', title: 'Activations' },
    );
  },
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Each plot rendered once, shared by the tests that look at it. */
const renders = new Map<string, Promise<RenderedSvg>>();
function rendered(name: string): Promise<RenderedSvg> {
  let r = renders.get(name);
  if (!r) {
    r = renderSvg(browser, (PLOTS[name] as () => string)(), { scale: 1 });
    renders.set(name, r);
  }
  return r;
}

/** Pairs of texts whose boxes overlap by more than half a pixel both ways. */
function clashes(texts: RenderedSvg['texts']): string[] {
  return texts.flatMap((a, i) =>
    texts
      .slice(i + 1)
      .filter((b) => overlap(a, b))
      .map((b) => `${a.text} / ${b.text}`),
  );
}

const overlap = (a: RenderedSvg['texts'][number], b: RenderedSvg['texts'][number]) =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 &&
  Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;

describe.each(Object.keys(PLOTS))('%s rendered in headless Chromium', (name) => {
  let r: RenderedSvg;
  let pixels: { width: number; height: number; rgb: (i: number) => [number, number, number] };
  beforeAll(async () => {
    r = await rendered(name);
    const png = decode(r.png);
    const ch = png.channels;
    pixels = {
      width: png.width,
      height: png.height,
      rgb: (i) => [png.data[i * ch] as number, png.data[i * ch + 1] as number, png.data[i * ch + 2] as number],
    };
  });

  it('parses as an SVG document with no browser errors', () => {
    expect(r.root).toBe('svg');
    expect(r.errors).toEqual([]);
  });

  it('draws inside its canvas and fills a good part of it', () => {
    expect(r.drawn.width * r.drawn.height).toBeGreaterThan(0.4 * r.width * r.height);
    expect(r.drawn.x).toBeGreaterThanOrEqual(0);
    expect(r.drawn.y).toBeGreaterThanOrEqual(0);
    expect(r.drawn.x + r.drawn.width).toBeLessThanOrEqual(r.width + 0.5);
    expect(r.drawn.y + r.drawn.height).toBeLessThanOrEqual(r.height + 0.5);
  });

  it('keeps every text inside the canvas, with no two texts overlapping', () => {
    expect(r.texts.length).toBeGreaterThan(3);
    for (const t of r.texts) {
      expect(t.x, t.text).toBeGreaterThanOrEqual(0);
      expect(t.y, t.text).toBeGreaterThanOrEqual(0);
      expect(t.x + t.width, t.text).toBeLessThanOrEqual(r.width);
      expect(t.y + t.height, t.text).toBeLessThanOrEqual(r.height);
    }
    expect(clashes(r.texts)).toEqual([]);
  });

  it('screenshots to a PNG of its size with white paper and dark ink', () => {
    expect([pixels.width, pixels.height]).toEqual([r.width, r.height]);
    let light = 0;
    let dark = 0;
    for (let i = 0; i < pixels.width * pixels.height; i++) {
      const [red, green, blue] = pixels.rgb(i);
      const luma = 0.299 * red + 0.587 * green + 0.114 * blue;
      if (luma > 240) light++;
      else if (luma < 60) dark++;
    }
    expect(light).toBeGreaterThan(0.05 * pixels.width * pixels.height);
    expect(dark).toBeGreaterThan(100);
  });
});

describe.each(Object.keys(CLASS_PLOTS))('%s: every class name drawn in full', (name) => {
  it('shows each name on each axis that has names (a caption may take two lines)', async () => {
    const n = Number(/(\d+) classes/.exec(name)?.[1]);
    const r = await rendered(name);
    const texts = r.texts.map((t) => t.text);
    const axes = name.startsWith('confusion') ? 2 : 1;
    for (const className of classNames(n)) {
      const whole = texts.filter((t) => t === className).length;
      const parts = className.split(' ');
      const wrapped = parts.some(
        (_, i) => texts.includes(parts.slice(0, i).join(' ')) && texts.includes(parts.slice(i).join(' ')),
      );
      expect(whole === axes || (name.startsWith('weight maps') && wrapped), className).toBe(true);
    }
  });
});

describe('the rendering checks', () => {
  it('catch overlapping and clipped text', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50"><title>t</title>' +
      '<text x="10" y="20">overlap</text><text x="14" y="22">overlap</text><text x="80" y="40">clipped</text></svg>';
    const r = await renderSvg(browser, svg);
    expect(clashes(r.texts)).toEqual(['overlap / overlap']);
    expect(Math.max(...r.texts.map((t) => t.x + t.width))).toBeGreaterThan(r.width);
  });

  it('report a document that is not well-formed XML', async () => {
    const r = await renderSvg(
      browser,
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>t</title><g></svg>',
    );
    expect(r.root).not.toBe('svg');
  });
});

describe('colours survive rendering', () => {
  it('shows blue training dots and red validation crosses', async () => {
    const r = await renderSvg(browser, (PLOTS.accuracy as () => string)());
    const png = decode(r.png);
    let blue = 0;
    let red = 0;
    for (let i = 0; i < png.width * png.height; i++) {
      const [R, G, B] = [0, 1, 2].map((c) => png.data[i * png.channels + c] as number) as [number, number, number];
      if (B > 200 && R < 60 && G < 60) blue++;
      if (R > 200 && G < 60 && B < 60) red++;
    }
    expect(blue).toBeGreaterThan(500);
    expect(red).toBeGreaterThan(500);
  });
});
