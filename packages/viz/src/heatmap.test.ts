import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { elements, expectWellFormedSvg } from '../test/well-formed.js';
import { diverging, viridis } from './colormap.js';
import { VizError } from './errors.js';
import { heatmap } from './heatmap.js';

const confusion = [
  [50, 2, 3],
  [4, 40, 5],
  [3, 6, 45],
];
const fonts = ['font 0', 'font 1', 'font 2'];

function cellRects(root: ReturnType<typeof expectWellFormedSvg>) {
  return elements(root, 'rect').filter((r) => r.fill?.startsWith('#') && r.width === r.height);
}

describe('heatmap', () => {
  it('draws one cell per entry, row 0 on top, coloured by value through viridis', () => {
    const root = expectWellFormedSvg(heatmap(confusion));
    const cells = cellRects(root);
    expect(cells).toHaveLength(9);
    const first = cells[0] as Record<string, string>;
    const below = cells[3] as Record<string, string>;
    expect(Number(below.y)).toBeGreaterThan(Number(first.y));
    expect(first.fill).toBe(viridis(1)); // 50 is the largest value
    expect(cells[1]?.fill).toBe(viridis(0)); // 2 is the smallest
  });

  it('writes the count in each cell, white on dark cells and black on light ones', () => {
    const root = expectWellFormedSvg(heatmap(confusion, { rowLabels: fonts, colLabels: fonts, cellSize: 60 }));
    const values = elements(root, 'text').filter((t) => t.fill);
    expect(values.map((t) => t['#text'])).toEqual(['50', '2', '3', '4', '40', '5', '3', '6', '45']);
    expect(values[0]?.fill).toBe('black'); // on yellow
    expect(values[1]?.fill).toBe('white'); // on dark purple
  });

  it('labels rows, columns, both axes, the colour bar and the title', () => {
    const svg = heatmap(confusion, {
      rowLabels: fonts,
      colLabels: fonts,
      xLabel: 'predicted font',
      yLabel: 'true font',
      colorbarLabel: 'count',
      title: 'Confusion',
    });
    const texts = elements(expectWellFormedSvg(svg), 'text').map((t) => t['#text']);
    for (const label of [...fonts, 'predicted font', 'true font', 'count', 'Confusion']) expect(texts).toContain(label);
    expect(svg).toContain('class="colorbar"');
  });

  it('centres a diverging map on zero: a zero weight is the middle colour', () => {
    const root = expectWellFormedSvg(heatmap([[-0.2, 0, 0.5]], { colormap: 'diverging', showValues: false }));
    const cells = cellRects(root);
    expect(cells[1]?.fill).toBe(diverging(128 / 255)); // level 128 of 0..255
    expect(cells[0]?.fill).not.toBe(diverging(0)); // -0.2 is not the far end: the range is -0.5..0.5
    const texts = elements(root, 'text').map((t) => t['#text']);
    expect(texts).toEqual(expect.arrayContaining(['−0.5', '0.0', '0.5'])); // d3 writes a real minus sign
  });

  it('formats non-integers with two decimals by default, or with a d3-format specifier', () => {
    const root = expectWellFormedSvg(heatmap([[0.123, 1]], { showValues: true }));
    expect(
      elements(root, 'text')
        .filter((t) => t.fill)
        .map((t) => t['#text']),
    ).toEqual(['0.12', '1.00']);
    const pct = expectWellFormedSvg(heatmap([[0.5, 0.25]], { showValues: true, format: '.0%' }));
    expect(
      elements(pct, 'text')
        .filter((t) => t.fill)
        .map((t) => t['#text']),
    ).toEqual(['50%', '25%']);
  });

  it('draws a NaN cell white with a grey cross and keeps it out of the colour range', () => {
    const svg = heatmap([
      [1, Number.NaN],
      [3, 4],
    ]);
    const root = expectWellFormedSvg(svg);
    expect(cellRects(root)).toHaveLength(3);
    expect(elements(root, 'path').find((p) => p.class === 'missing')).toBeDefined();
    expect(elements(root, 'text').filter((t) => t.fill)).toHaveLength(3);
  });

  it('thins default index labels on a tall matrix (32 x 5 output weights)', () => {
    const w = Array.from({ length: 32 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.sin(i + j)));
    const root = expectWellFormedSvg(heatmap(w, { colormap: 'diverging' }));
    const indices = elements(root, 'text').filter((t) => /^\d+$/.test(t['#text'] ?? '') && t['text-anchor'] === 'end');
    expect(indices.length).toBeLessThan(32);
    expect(indices[0]?.['#text']).toBe('0');
  });

  it('draws every one of up to 100 given names (class names), growing cells to fit them', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `class name ${i}`);
    for (const [rows, n] of [
      [50, 50],
      [1296, 50],
      [32, 100],
    ] as const) {
      const matrix = Array.from({ length: rows }, () => new Array<number>(n).fill(0.5));
      const rowLabels = rows === n ? names(n) : undefined;
      const texts = elements(expectWellFormedSvg(heatmap(matrix, { colLabels: names(n), rowLabels })), 'text');
      const drawn = texts.map((t) => t['#text']);
      for (const name of names(n)) expect(drawn.filter((t) => t === name)).toHaveLength(rowLabels ? 2 : 1);
    }
    // Beyond 100, or with a cell size given, labels are thinned as before.
    const wide = Array.from({ length: 2 }, () => new Array<number>(128).fill(0));
    const many = Array.from({ length: 128 }, (_, i) => `c${i}`);
    const shown = (options: object) =>
      elements(expectWellFormedSvg(heatmap(wide, { colLabels: many, ...options })), 'text').filter((t) =>
        String(t['#text']).startsWith('c'),
      ).length;
    expect(shown({})).toBeLessThan(128);
    expect(shown({ cellSize: 4 })).toBeLessThan(128);
  });

  it('draws a large matrix as one embedded PNG of rows x cols pixels', () => {
    const big = Array.from({ length: 128 }, (_, i) => Array.from({ length: 100 }, (_, j) => i * j));
    const root = expectWellFormedSvg(heatmap(big));
    const [matrix] = elements(root, 'image');
    const png = decode(Buffer.from((matrix?.['xlink:href'] ?? '').split(',')[1] ?? '', 'base64'));
    expect([png.width, png.height]).toEqual([100, 128]);
    expect(cellRects(root)).toHaveLength(0);
  });

  it.each([
    [[], {}, /heatmap: argument 'matrix' expected a non-empty array of rows, got an array of length 0/],
    [[[1, 2], [3]], {}, /argument 'matrix' expected rows of equal length 2, got row 1 of length 1/],
    [[[]], {}, /argument 'matrix\[0\]' expected a non-empty array of numbers/],
    [[[1, '2']], {}, /argument 'matrix\[0\]' expected an array of numbers, got the string "2" at index 1/],
    [[[1, 2]], { rowLabels: ['a', 'b'] }, /argument 'rowLabels' expected 1 labels, got 2/],
    [[[1, 2]], { colormap: 'jet' }, /argument 'colormap' expected one of viridis, gray, grayReversed, diverging/],
    [[[1, 2]], { format: 'nonsense%%' }, /argument 'format' expected a d3-format specifier/],
    [[[1, 2]], { domain: [3, 1] }, /argument 'domain' expected \[low, high\] with finite low < high, got \[3, 1\]/],
    [[[1, 2]], { center: Number.NaN }, /argument 'center' expected a finite number, got NaN/],
  ])('refuses bad input with a VizError (%#)', (matrix, options, message) => {
    expect(() => heatmap(matrix as never, options as never)).toThrow(VizError);
    expect(() => heatmap(matrix as never, options as never)).toThrow(message);
  });

  it('is deterministic and matches its snapshots', async () => {
    const options = {
      rowLabels: fonts,
      colLabels: fonts,
      xLabel: 'predicted',
      yLabel: 'true',
      colorbarLabel: 'count',
      title: 'Snapshot',
    };
    const svg = heatmap(confusion, options);
    expect(heatmap(confusion, options)).toBe(svg);
    await expect(svg).toMatchFileSnapshot('__snapshots__/heatmap-confusion.svg');
    const weights = Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: 5 }, (_, j) => Math.round(100 * Math.sin(i * 5 + j)) / 100),
    );
    await expect(heatmap(weights, { colormap: 'diverging', colorbarLabel: 'weight' })).toMatchFileSnapshot(
      '__snapshots__/heatmap-weights.svg',
    );
  });
});
