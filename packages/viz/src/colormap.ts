import { rgb } from 'd3-color';
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { refuse } from './errors.js';
import { describe } from './validate.js';

/** A colour map: t in [0, 1] (clamped) to a CSS colour `#rrggbb`. */
export type Colormap = (t: number) => string;

/** The names every plotting function accepts for `colormap`; a Colormap function works too. */
export type ColormapName = 'viridis' | 'gray' | 'grayReversed' | 'diverging';

function unit(t: number, fn: string): number {
  if (typeof t !== 'number' || Number.isNaN(t)) refuse(fn, 't', 'a number in [0, 1]', describe(t));
  return Math.min(1, Math.max(0, t));
}

/** Matplotlib's default map (perceptually uniform, dark purple to yellow). */
export function viridis(t: number): string {
  return rgb(interpolateViridis(unit(t, 'viridis'))).formatHex();
}

/** Black (0) to white (1), as matplotlib's `gray`. */
export function gray(t: number): string {
  const v = Math.round(255 * unit(t, 'gray'));
  return rgb(v, v, v).formatHex();
}

/** White (0) to black (1), as matplotlib's `gray_r`: ink on paper for the font images. */
export function grayReversed(t: number): string {
  return gray(1 - unit(t, 'grayReversed'));
}

/** Blue (0) through white (0.5) to red (1), ColorBrewer RdBu reversed (matplotlib `RdBu_r`): for signed weights. */
export function diverging(t: number): string {
  return rgb(interpolateRdBu(1 - unit(t, 'diverging'))).formatHex();
}

const NAMED: Record<ColormapName, Colormap> = { viridis, gray, grayReversed, diverging };

/** A colour map sampled at 256 levels, as CSS colours and as RGB bytes for rasters. */
export interface ColorTable {
  readonly css: readonly string[];
  readonly rgb: Uint8Array;
  /** True when every level is a gray, so rasters can be stored as one-channel PNGs. */
  readonly isGray: boolean;
  readonly name: string;
}

export const LEVELS = 256;

/** Resolves a `colormap` option (a name or a function) to a 256-level table, refusing unknown names and bad colours. */
export function colorTable(value: unknown, fallback: ColormapName, fn: string, argument = 'colormap'): ColorTable {
  const chosen = value ?? fallback;
  let map: Colormap;
  if (typeof chosen === 'function') map = chosen as Colormap;
  else if (typeof chosen === 'string' && Object.hasOwn(NAMED, chosen)) map = NAMED[chosen as ColormapName];
  else refuse(fn, argument, `one of ${Object.keys(NAMED).join(', ')} or a function`, describe(chosen));
  const css: string[] = [];
  const bytes = new Uint8Array(LEVELS * 3);
  let isGray = true;
  for (let i = 0; i < LEVELS; i++) {
    const raw = map(i / (LEVELS - 1));
    const c = rgb(String(raw));
    if (typeof raw !== 'string' || !c.displayable()) {
      refuse(fn, argument, 'a colour map returning CSS colours', `${describe(raw)} at t = ${i / (LEVELS - 1)}`);
    }
    const r = Math.round(c.r);
    const g = Math.round(c.g);
    const b = Math.round(c.b);
    bytes.set([r, g, b], i * 3);
    css.push(rgb(r, g, b).formatHex());
    if (r !== g || g !== b) isGray = false;
  }
  return { css, rgb: bytes, isGray, name: typeof chosen === 'string' ? chosen : 'custom' };
}

/**
 * Black or white, whichever contrasts more with `hex` (WCAG relative luminance), for text drawn on a cell.
 */
export function textColorOn(hex: string): 'black' | 'white' {
  const c = rgb(hex);
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  // Contrast with black (L + 0.05) / 0.05 equals contrast with white 1.05 / (L + 0.05) at L = 0.179.
  return luminance > 0.179 ? 'black' : 'white';
}
