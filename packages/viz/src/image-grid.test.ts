import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { elements, expectWellFormedSvg } from '../test/well-formed.js';
import { VizError } from './errors.js';
import { imageGrid } from './image-grid.js';

/** The decoded PNG of each tile, in drawing order. */
function tiles(svg: string) {
  const root = expectWellFormedSvg(svg);
  return elements(root, 'image')
    .filter((i) => i.width !== '14') // the colour bar's ramp is 14 units wide
    .map((i) => decode(Buffer.from((i['xlink:href'] ?? '').split(',')[1] ?? '', 'base64')));
}

// A 2 x 3 image whose stored first row is [0, 0, 0] and second [10, 10, 10].
const ramp = [0, 0, 0, 10, 10, 10];

describe('imageGrid', () => {
  it('draws each image as one PNG tile of width x height pixels', () => {
    const images = Array.from({ length: 5 }, (_, k) => ramp.map((v) => v + k));
    const pngs = tiles(imageGrid(images, { width: 3, height: 2, rows: 1, cols: 5, colormap: 'gray' }));
    expect(pngs).toHaveLength(5);
    expect(pngs.map((p) => [p.width, p.height, p.channels])).toEqual(Array(5).fill([3, 2, 1]));
  });

  it('shares one colour scale: the darkest pixel of all is black, the brightest white', () => {
    const pngs = tiles(imageGrid([ramp, ramp.map((v) => v + 10)], { width: 3, height: 2, colormap: 'gray' }));
    expect(Array.from(pngs[0]?.data ?? [])).toEqual([0, 0, 0, 128, 128, 128]);
    expect(Array.from(pngs[1]?.data ?? [])).toEqual([128, 128, 128, 255, 255, 255]);
  });

  it('scales each image to its own range when sharedScale is false, with no colour bar', () => {
    const svg = imageGrid([ramp, ramp.map((v) => v + 10)], {
      width: 3,
      height: 2,
      colormap: 'gray',
      sharedScale: false,
    });
    expect(svg).not.toContain('class="colorbar"');
    const pngs = tiles(svg);
    expect(Array.from(pngs[1]?.data ?? [])).toEqual([0, 0, 0, 255, 255, 255]);
  });

  it('flips rows with flipY (the dataset stores the bottom row first)', () => {
    const [flipped] = tiles(imageGrid([ramp], { width: 3, height: 2, colormap: 'gray', flipY: true }));
    expect(Array.from(flipped?.data ?? [])).toEqual([255, 255, 255, 0, 0, 0]);
  });

  it('accepts one flat array of images as { data, count }', () => {
    const data = new Uint8Array([...ramp, ...ramp, ...ramp]);
    expect(tiles(imageGrid({ data, count: 3 }, { width: 3, height: 2 }))).toHaveLength(3);
  });

  it('draws NaN pixels transparent (the white background shows) and keeps them out of the range', () => {
    const [tile] = tiles(imageGrid([[0, Number.NaN, 5, 10, 10, 10]], { width: 3, height: 2, colormap: 'gray' }));
    expect(tile?.channels).toBe(2); // gray + alpha
    expect(Array.from(tile?.data ?? []).slice(0, 6)).toEqual([0, 255, 0, 0, 128, 255]);
  });

  it('uses three colour channels for viridis and centres a diverging map on zero', () => {
    const [tile] = tiles(imageGrid([[-1, 0, 3, 0, 0, 0]], { width: 3, height: 2, colormap: 'diverging' }));
    expect(tile?.channels).toBe(3);
    const texts = elements(
      expectWellFormedSvg(imageGrid([[-1, 3]], { width: 2, height: 1, colormap: 'diverging' })),
      'text',
    );
    expect(texts.map((t) => t['#text'])).toEqual(expect.arrayContaining(['−2', '0', '2'])); // range -3..3
  });

  it('writes captions, row and column labels, a labelled colour bar and the title', () => {
    const svg = imageGrid([ramp, ramp, ramp, ramp], {
      width: 3,
      height: 2,
      rows: 2,
      cols: 2,
      labels: ['a', 'b', 'c', 'd'],
      rowLabels: ['font 0', 'font 1'],
      colLabels: ['x', 'y'],
      colorbarLabel: 'ink',
      title: 'Grid',
    });
    const texts = elements(expectWellFormedSvg(svg), 'text').map((t) => t['#text']);
    for (const label of ['a', 'b', 'c', 'd', 'font 0', 'font 1', 'x', 'y', 'ink', 'Grid'])
      expect(texts).toContain(label);
  });

  it('breaks a caption too wide for its tile into two lines, and cuts one that still does not fit', () => {
    const captions = ['EB Garamond SemiBold Italic', 'Oswald', 'Supercalifragilisticexpialidocious Regular'];
    const svg = imageGrid([ramp, ramp, ramp], { width: 3, height: 2, pixelSize: 24, labels: captions });
    const texts = elements(expectWellFormedSvg(svg), 'text').map((t) => t['#text']);
    expect(texts).toEqual(expect.arrayContaining(['EB Garamond', 'SemiBold Italic', 'Oswald', 'Regular']));
    expect(texts.find((t) => String(t).startsWith('Supercal'))).toMatch(/^Supercal\w+…$/);
    const sizes = elements(expectWellFormedSvg(svg), 'text').map((t) => Number(t['font-size']));
    expect(new Set(sizes.filter((size) => size < 11)).size).toBeLessThanOrEqual(1); // one caption size
  });

  it('stays small for the dataset montage: 5 x 62 glyphs of 36 x 36', () => {
    const glyphs = Array.from({ length: 310 }, (_, k) =>
      Uint8Array.from({ length: 36 * 36 }, (_, p) => (((p % 36) + Math.floor(p / 36) + k) % 7 === 0 ? 255 : 0)),
    );
    const svg = imageGrid(glyphs, {
      width: 36,
      height: 36,
      rows: 5,
      cols: 62,
      colormap: 'grayReversed',
      colorbar: false,
    });
    expectWellFormedSvg(svg);
    expect(svg.length).toBeLessThan(400_000);
  });

  it.each([
    [[], { width: 2, height: 2 }, /imageGrid: argument 'images' expected at least one image, got an empty array/],
    [[[1, 2, 3]], { width: 2, height: 2 }, /argument 'images\[0\]' expected 4 values \(width 2 x height 2\), got 3/],
    [
      { data: [1, 2, 3], count: 1 },
      { width: 2, height: 2 },
      /argument 'images.data' expected 4 values \(count 1 x width 2 x height 2\), got 3/,
    ],
    [[[1, 2]], { width: 0, height: 2 }, /argument 'width' expected a positive integer, got 0/],
    [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { width: 2, height: 1, rows: 1, cols: 2 },
      /argument 'rows' expected rows x cols of at least 3/,
    ],
    [
      [[1, 2]],
      { width: 2, height: 1, sharedScale: false, colorbar: true },
      /argument 'colorbar' expected false when sharedScale is false/,
    ],
    [[[1, 2]], { width: 2, height: 1, labels: ['a', 'b'] }, /argument 'labels' expected 1 labels, got 2/],
    [[[1, 2]], undefined, /argument 'width' expected a positive integer, got undefined/],
  ])('refuses bad input with a VizError (%#)', (images, options, message) => {
    expect(() => imageGrid(images as never, options as never)).toThrow(VizError);
    expect(() => imageGrid(images as never, options as never)).toThrow(message);
  });

  it('is deterministic and matches its snapshot', async () => {
    const images = Array.from({ length: 6 }, (_, k) => Array.from({ length: 16 }, (_, p) => Math.sin(p + k)));
    const options = {
      width: 4,
      height: 4,
      rows: 2,
      cols: 3,
      colormap: 'diverging',
      labels: [0, 1, 2, 3, 4, 5],
      title: 'Snapshot',
    } as const;
    const svg = imageGrid(images, options);
    expect(imageGrid(images, options)).toBe(svg);
    await expect(svg).toMatchFileSnapshot('__snapshots__/image-grid.svg');
  });
});
