import { argumentFault, assertSeed, DataError, describe } from './errors.js';
import type { FontDataset } from './font-dataset.js';
import { characterList, type FontSpec, resolveFonts } from './font-files.js';
import { FONT_CHARACTERS, FONT_FAMILIES, type FontSource } from './fonts.js';
import { MT19937 } from './mt19937.js';
import { requireOptional } from './optional-dependency.js';

export interface GenerateOptions {
  /**
   * Two or more fonts, one class each (label = position in this list): built-in family names, font
   * files, installed fonts by name, or `{ name, path }` (see `FontSpec`). Default: the five built-in.
   */
  readonly fonts?: readonly FontSpec[];
  /** Distinct visible characters, each drawn in every font; default the book's 62 `0-9A-Za-z`. */
  readonly characters?: string;
  /** Ink height in px of a capital H (default 17, the book's capitals average 17). */
  readonly size?: number;
  /** Shift in px of the 9 jitters (default 3, as the book). */
  readonly jitter?: number;
  /** Seeds the sub-pixel offset (uniform in +-0.5 px) drawn for every image; default 0. */
  readonly seed?: number;
}

const SIDE = 36;
/**
 * The book's order of the 9 shifts within each character, as (x right, y up) multiples of `jitter`,
 * measured from the centroids of its `data_with_labels.npz` (index 6 is the unshifted glyph).
 */
export const BOOK_JITTER_ORDER: readonly (readonly [number, number])[] = [
  [-1, 0],
  [-1, -1],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, 0],
  [0, 0],
  [1, -1],
  [-1, 1],
];

type Canvas = typeof import('@napi-rs/canvas');
type Context = ReturnType<ReturnType<Canvas['createCanvas']>['getContext']>;

/**
 * Renders the book's layout (index = font*chars*9 + char*9 + jitter, 36x36 uint8, 0 = paper,
 * 255 = ink, bottom row first) with skia's anti-aliased text. Each glyph's ink box is centred, then
 * shifted; the same options give the same bytes.
 */
export function generateFontDataset(options: GenerateOptions = {}): FontDataset {
  const { fonts = FONT_FAMILIES, characters = FONT_CHARACTERS, size = 17, jitter = 3, seed = 0 } = options;
  const chars = characterList(characters, 'generateFontDataset');
  if (typeof size !== 'number' || !(size >= 4 && size <= 28)) {
    argumentFault('generateFontDataset', 'size', 'a cap height in 4..28 px', describe(size));
  }
  if (!Number.isInteger(jitter) || jitter < 0 || jitter > 6) {
    argumentFault('generateFontDataset', 'jitter', 'an integer shift in 0..6 px', describe(jitter));
  }
  assertSeed(seed, 'generateFontDataset');
  const sources = resolveFonts(fonts, { characters: chars.join('') });

  const canvas = loadCanvas();
  const context = canvas.createCanvas(SIDE, SIDE).getContext('2d');
  context.fillStyle = '#000';
  context.textBaseline = 'alphabetic';
  context.textAlign = 'left';
  const random = new MT19937(seed);
  const shifts = BOOK_JITTER_ORDER.length;
  const count = sources.length * chars.length * shifts;
  const images = new Uint8Array(count * SIDE * SIDE);
  const labels = new Uint8Array(count);
  // Keep the shifted ink box, plus a pixel of anti-aliasing and the sub-pixel offset, inside the image.
  const room = SIDE - 2 * (jitter + 1);
  let index = 0;
  for (const [label, source] of sources.entries()) {
    const family = registerFont(canvas, source);
    const px = fontPixels(context, family, size);
    const blank = chars.filter((char) => inkExtent(context, family, px, char) === 0);
    if (blank.length > 0) {
      throw new DataError(`font '${source.path}' (fonts[${label}]): draws no ink for ${blank.join(' ')}`, {
        argument: `fonts[${label}]`,
        file: source.path,
      });
    }
    for (const char of chars) {
      const place = placeGlyph(context, family, px, char, room);
      for (const [sx, sy] of BOOK_JITTER_ORDER) {
        const x = place.x + sx * jitter + random.nextDouble() - 0.5;
        const y = place.y - sy * jitter + random.nextDouble() - 0.5; // canvas y points down
        context.clearRect(0, 0, SIDE, SIDE);
        context.fillText(char, x, y);
        storeBottomRowFirst(context.getImageData(0, 0, SIDE, SIDE).data, images, index);
        labels[index++] = label;
      }
    }
  }
  const classNames = sources.map((s) => s.name);
  return { images, labels, count, height: SIDE, width: SIDE, classes: sources.length, classNames };
}

/** The font size in px at which a capital H is `size` px high. */
function fontPixels(context: Context, family: string, size: number): number {
  context.font = `100px "${family}"`;
  const h = context.measureText('H');
  return (size * 100) / (h.actualBoundingBoxAscent + h.actualBoundingBoxDescent);
}

/** The larger side of `char`'s ink box at `px`: 0 for a glyph that draws nothing. */
function inkExtent(context: Context, family: string, px: number, char: string): number {
  context.font = `${px}px "${family}"`;
  const m = context.measureText(char);
  return Math.max(
    m.actualBoundingBoxLeft + m.actualBoundingBoxRight,
    m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
  );
}

/** Where to draw `char` so its ink box is centred, at `px` or smaller if it would not fit in `room`. */
function placeGlyph(context: Context, family: string, px: number, char: string, room: number) {
  const extent = inkExtent(context, family, px, char);
  let m = context.measureText(char);
  if (extent > room) {
    context.font = `${(px * room) / extent}px "${family}"`;
    m = context.measureText(char);
  }
  // Ink spans x - left .. x + right and y - ascent .. y + descent.
  const x = SIDE / 2 - (m.actualBoundingBoxRight - m.actualBoundingBoxLeft) / 2;
  const y = SIDE / 2 - (m.actualBoundingBoxDescent - m.actualBoundingBoxAscent) / 2;
  return { x, y };
}

/** The canvas alpha channel is the ink coverage; rows go in reversed, like the book's. */
function storeBottomRowFirst(rgba: Uint8ClampedArray, images: Uint8Array, index: number): void {
  const base = index * SIDE * SIDE;
  for (let row = 0; row < SIDE; row++) {
    const to = base + (SIDE - 1 - row) * SIDE;
    for (let col = 0; col < SIDE; col++) images[to + col] = rgba[(row * SIDE + col) * 4 + 3] as number;
  }
}

const registered = new Map<string, string>();

/** Registers a font file once per process under a private family name, so no system font interferes. */
function registerFont(canvas: Canvas, source: FontSource): string {
  let family = registered.get(source.path);
  if (family === undefined) {
    family = `typeflow-font-${registered.size}`;
    if (!canvas.GlobalFonts.registerFromPath(source.path, family)) {
      throw new DataError(`${source.path}: cannot load the font '${source.name}'`, {
        file: source.path,
        expected: 'a .ttf, .otf, .woff or .woff2 font file',
      });
    }
    registered.set(source.path, family);
  }
  return family;
}

// Loaded on first use, so importing @typeflow/data for npy files does not load the native renderer.
let canvasModule: Canvas | undefined;
function loadCanvas(): Canvas {
  canvasModule ??= requireOptional<Canvas>('generateFontDataset', '@napi-rs/canvas');
  return canvasModule;
}
