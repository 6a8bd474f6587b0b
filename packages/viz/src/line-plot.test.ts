import { schemeCategory10 } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { elements, expectWellFormedSvg } from '../test/well-formed.js';
import { VizError } from './errors.js';
import { linePlot } from './line-plot.js';

const x = Array.from({ length: 41 }, (_, i) => -2 + i * 0.1);
const activations = [
  { name: 'square', x, y: x.map((v) => v * v) },
  { name: 'log', x, y: x.map(Math.log) },
  { name: 'sigmoid', x, y: x.map((v) => 1 / (1 + Math.exp(-v))) },
];

function lines(svg: string) {
  return elements(expectWellFormedSvg(svg), 'path').filter((p) => p.fill === 'none' && p['stroke-width'] === '1.8');
}

describe('linePlot', () => {
  it('draws one line per series in tab10 colours, with a legend naming each', () => {
    const svg = linePlot(activations, { xLabel: 'x', yLabel: 'f(x)', title: 'Activations' });
    const paths = lines(svg);
    const colours = paths.map((p) => p.stroke);
    expect(new Set(colours).size).toBe(3);
    for (const colour of colours) expect(schemeCategory10).toContain(colour);
    const texts = elements(expectWellFormedSvg(svg), 'text').map((t) => t['#text']);
    for (const label of ['square', 'log', 'sigmoid', 'x', 'f(x)', 'Activations']) expect(texts).toContain(label);
  });

  it('breaks a line where y is not finite: log is drawn only for x > 0', () => {
    const [, log] = lines(linePlot(activations));
    // x = -2 .. 0 gives NaN or -Infinity: one unbroken run from x = 0.1 to 2 remains.
    expect((log?.d?.match(/M/g) ?? []).length).toBe(1);
    expect((log?.d?.match(/L/g) ?? []).length).toBe(19);
  });

  it('draws an isolated point between gaps as a dot', () => {
    const root = expectWellFormedSvg(
      linePlot([{ name: 'p', x: [0, 1, 2], y: [Number.NaN, 1, Number.NaN], color: '#1f77b4' }]),
    );
    const dots = elements(root, 'path').filter((p) => p.fill === '#1f77b4');
    expect(dots).toHaveLength(1);
  });

  it('puts the legend in the emptiest corner, or where asked, or nowhere', () => {
    const rising = [{ name: 'rising', x: [0, 1, 2, 3], y: [0, 1, 2, 3] }];
    const legendBox = (svg: string) => elements(expectWellFormedSvg(svg), 'rect').find((r) => r.stroke === '#cccccc');
    const best = legendBox(linePlot(rising));
    const lowerRight = legendBox(linePlot(rising, { legend: 'lower right' }));
    expect(Number(lowerRight?.x)).toBeGreaterThan(300);
    expect(Number(lowerRight?.y)).toBeGreaterThan(200);
    // A rising line fills the lower-left and upper-right corners: 'best' takes the first empty one, upper left.
    expect(Number(best?.x)).toBeLessThan(100);
    expect(Number(best?.y)).toBeLessThan(100);
    expect(legendBox(linePlot(rising, { legend: 'none' }))).toBeUndefined();
  });

  it.each([
    [[], {}, /linePlot: argument 'series' expected a non-empty array of \{ name, x, y \}, got an array of length 0/],
    [[{ name: 'a', x: [1, 2], y: [1] }], {}, /argument 'series\[0\].y' expected 2 values \(as many as x\), got 1/],
    [[{ name: 'a', x: [], y: [] }], {}, /argument 'series\[0\].x' expected a non-empty array of numbers/],
    [[{ x: [1], y: [1] }], {}, /argument 'series\[0\].name' expected a string, got undefined/],
    [
      [{ name: 'a', x: [1], y: [Number.NaN] }],
      {},
      /argument 'series' expected at least one point with finite x and y, got none/,
    ],
    [[{ name: 'a', x: [1], y: [1] }], { legend: 'middle' }, /argument 'legend' expected one of best, none/],
  ])('refuses bad input with a VizError (%#)', (series, options, message) => {
    expect(() => linePlot(series as never, options as never)).toThrow(VizError);
    expect(() => linePlot(series as never, options as never)).toThrow(message);
  });

  it('is deterministic and matches its snapshot', async () => {
    const svg = linePlot(activations, { title: 'Snapshot', xLabel: 'x' });
    expect(linePlot(activations, { title: 'Snapshot', xLabel: 'x' })).toBe(svg);
    await expect(svg).toMatchFileSnapshot('__snapshots__/line-plot.svg');
  });

  it('gives a series the same colour in every plot, by its name, whatever the order or company', () => {
    const a = { name: "book's loss", x: [0, 1], y: [1, 2] };
    const b = { name: 'corrected', x: [0, 1], y: [2, 1] };
    const c = { name: 'a third', x: [0, 1], y: [0, 0] };
    const first = lines(linePlot([a, b])).map((p) => p.stroke);
    const swapped = lines(linePlot([b, a])).map((p) => p.stroke);
    const alone = lines(linePlot([a])).map((p) => p.stroke);
    const three = lines(linePlot([c, b, a])).map((p) => p.stroke);
    expect(swapped).toEqual([first[1], first[0]]);
    expect(alone).toEqual([first[0]]);
    expect(three.slice(1)).toEqual([first[1], first[0]]);
  });

  it('labels an integer x axis (epochs) with whole numbers only', () => {
    const svg = linePlot([{ name: 'v', x: [1, 2, 3], y: [0.2, 0.5, 0.6] }], { xLabel: 'epoch' });
    const ticks = elements(expectWellFormedSvg(svg), 'text').map((t) => String(t['#text']));
    expect(ticks).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect(ticks.filter((t) => /^\d+\.\d+$/.test(t) && Number(t) > 0.9)).toEqual([]);
  });
});
