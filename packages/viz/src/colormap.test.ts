import { describe, expect, it } from 'vitest';
import { colorTable, diverging, gray, grayReversed, textColorOn, viridis } from './colormap.js';
import { VizError } from './errors.js';

describe('colour maps', () => {
  it('viridis runs from dark purple to yellow, as matplotlib', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#fde725');
  });

  it('gray runs black to white and grayReversed white to black', () => {
    expect([gray(0), gray(0.5), gray(1)]).toEqual(['#000000', '#808080', '#ffffff']);
    expect([grayReversed(0), grayReversed(1)]).toEqual(['#ffffff', '#000000']);
  });

  it('diverging is blue below the middle, near white at it, red above', () => {
    const [r0, , b0] = rgbOf(diverging(0));
    const [r1, , b1] = rgbOf(diverging(1));
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    expect(Math.min(...rgbOf(diverging(0.5)))).toBeGreaterThan(230); // RdBu's middle is an off-white, about #f2efee
  });

  it('clamps t outside [0, 1] and refuses NaN', () => {
    expect(viridis(-3)).toBe(viridis(0));
    expect(gray(7)).toBe('#ffffff');
    expect(() => viridis(Number.NaN)).toThrow(VizError);
    expect(() => gray(Number.NaN)).toThrow(/gray: argument 't' expected a number in \[0, 1\], got NaN/);
  });
});

describe('colorTable', () => {
  it('samples 256 levels and knows a gray map from a coloured one', () => {
    const g = colorTable('gray', 'viridis', 'f');
    expect(g.css).toHaveLength(256);
    expect(g.isGray).toBe(true);
    expect(Array.from(g.rgb.subarray(255 * 3))).toEqual([255, 255, 255]);
    expect(colorTable(undefined, 'viridis', 'f').isGray).toBe(false);
  });

  it('accepts a colour function and refuses unknown names and bad colours', () => {
    expect(colorTable((t: number) => `rgb(${t * 255}, 0, 0)`, 'viridis', 'f').css[255]).toBe('#ff0000');
    expect(() => colorTable('jet', 'viridis', 'heatmap')).toThrow(
      /heatmap: argument 'colormap' expected one of viridis/,
    );
    expect(() => colorTable(() => 'not a colour', 'viridis', 'f')).toThrow(VizError);
  });
});

describe('textColorOn', () => {
  it('writes white on dark cells and black on light ones', () => {
    expect(textColorOn(viridis(0))).toBe('white');
    expect(textColorOn(viridis(1))).toBe('black');
    expect(textColorOn('#000000')).toBe('white');
    expect(textColorOn('#ffffff')).toBe('black');
  });
});

function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}
