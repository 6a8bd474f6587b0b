/**
 * What the docs pages need from every plot: drawn at the width it is shown at (a desktop column of 640
 * CSS px, a 390 px phone's 342), it fits that width and none of its text is below 9 units, i.e. 9 CSS px.
 */
import { describe, expect, it } from 'vitest';
import { elements, expectWellFormedSvg } from '../test/well-formed.js';
import { accuracyCurves } from './accuracy-curves.js';
import { ticksOf } from './colorbar.js';
import { diverging } from './colormap.js';
import { heatmap } from './heatmap.js';
import { imageGrid } from './image-grid.js';
import { linePlot } from './line-plot.js';

/** The plot's width and the smallest font size of its texts (a text without its own size inherits its group's). */
function measure(svg: string): { width: number; smallest: number } {
  const width = Number(svg.match(/^<svg [^>]*width="([\d.]+)"/)?.[1]);
  const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  return { width, smallest: Math.min(...sizes) };
}

const units = Array.from({ length: 32 }, (_, u) => Float32Array.from({ length: 36 * 36 }, (_, p) => Math.sin(p * u)));
const names = ['EB Garamond', 'Oswald', 'Roboto Mono', 'Dancing Script', 'Alfa Slab One'];
const confusion = names.map((_, r) => names.map((__, c) => (r === c ? 40 : 3)));
const epochs = Array.from({ length: 30 }, (_, i) => 1 + i * 10);

describe.each([640, 342])('plots drawn for a %i px column', (shownAt) => {
  it.each([
    [
      'accuracyCurves',
      () => accuracyCurves({ epochs, train: epochs.map(() => 0.5), width: shownAt, title: 'Accuracy' }),
    ],
    [
      'linePlot',
      () => linePlot([{ name: 'loss', x: epochs, y: epochs.map((e) => 1 / e) }], { width: shownAt, xLabel: 'epoch' }),
    ],
    [
      'heatmap',
      () => heatmap(confusion, { rowLabels: names, colLabels: names, colorbarLabel: 'images', maxWidth: shownAt }),
    ],
    [
      'imageGrid of 32 weight maps',
      () =>
        imageGrid(units, {
          width: 36,
          height: 36,
          colormap: 'diverging',
          labels: units.map((_, u) => `unit ${u}`),
          maxWidth: shownAt,
        }),
    ],
    [
      'imageGrid with a long title, each image on its own scale',
      () =>
        imageGrid(units.slice(0, 16), {
          width: 36,
          height: 36,
          labels: units.slice(0, 16).map((_, u) => String(u)),
          title: 'First-layer feature maps (each on its own scale)',
          sharedScale: false,
          colorbar: false,
          maxWidth: shownAt,
        }),
    ],
    [
      'imageGrid with labelled rows and columns (which cannot wrap)',
      () =>
        imageGrid(units.slice(0, 25), {
          width: 36,
          height: 36,
          cols: 5,
          rowLabels: ['A', 'B', 'C', 'a', 'b'],
          colLabels: names,
          colorbar: false,
          maxWidth: shownAt,
        }),
    ],
  ])('%s fits and keeps its text at 9 units or more', (_, draw) => {
    const svg = draw();
    expectWellFormedSvg(svg);
    const { width, smallest } = measure(svg);
    expect(width).toBeLessThanOrEqual(shownAt);
    expect(smallest).toBeGreaterThanOrEqual(9);
  });
});

describe('the fixes the docs pages asked for', () => {
  it('wraps a grid of 32 weight maps into fewer columns on a narrow page, keeping tiles of 2 units per pixel', () => {
    const columns = (svg: string) =>
      new Set(
        elements(expectWellFormedSvg(svg), 'image')
          .slice(0, 32)
          .map((image) => image.x),
      ).size;
    const wide = imageGrid(units, { width: 36, height: 36, maxWidth: 640 });
    const narrow = imageGrid(units, { width: 36, height: 36, maxWidth: 342 });
    expect(columns(wide)).toBeGreaterThan(columns(narrow));
    expect(columns(narrow)).toBeGreaterThanOrEqual(2);
    expect(Number(elements(expectWellFormedSvg(narrow), 'image')[0]?.width)).toBe(72);
  });

  it('labels epoch ticks with whole numbers and keeps the first and last epochs off the frame', () => {
    const svg = accuracyCurves({ epochs: [1, 2, 3], train: [0.3, 0.6, 0.7], valid: [0.3, 0.5, 0.6] });
    const texts = elements(expectWellFormedSvg(svg), 'text').map((t) => String(t['#text']));
    expect(texts).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect(texts.filter((t) => ['1.5', '2.5', '3.0'].includes(t))).toEqual([]);
    const frame = elements(expectWellFormedSvg(svg), 'rect').find((r) => r.stroke === 'black');
    const firstDot = Number(svg.match(/class="train" d="M([\d.]+)/)?.[1]);
    expect(firstDot).toBeGreaterThan(Number(frame?.x) + 5);
  });

  it.each([[[-0.004, 0.004]], [[0, 1]], [[-1.3e-5, 2.1e-5]], [[0, 255]]] as [number, number][][])(
    'gives a colour bar over %j at least three distinct labelled ticks',
    (domain) => {
      const { values, labels } = ticksOf({ height: 120, domain });
      expect(values.length).toBeGreaterThanOrEqual(3);
      expect(new Set(labels).size).toBe(labels.length);
      expect(diverging).toBeDefined();
    },
  );
});
