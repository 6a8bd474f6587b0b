import { resolveOptional } from './optional-dependency.js';

/** The book's 62 characters, in the book's order: index = font*558 + char*9 + jitter. */
export const FONT_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The five built-in families of the generated dataset, label 0..4 in this order. */
export const FONT_FAMILIES = ['EB Garamond', 'Oswald', 'JetBrains Mono', 'Dancing Script', 'Alfa Slab One'] as const;

export type FontFamily = (typeof FONT_FAMILIES)[number];

/** A font file of your own for `generateFontDataset({ fonts })`: .ttf, .otf, .woff or .woff2. */
export interface FontSource {
  readonly name: string;
  readonly path: string;
}

// One style per family, all SIL Open Font License 1.1, from the @fontsource npm packages (latin subset).
// Weights chosen so strokes stay at least a pixel wide at a 17 px cap height: a serif, a sans, a
// monospace, a script and a heavy slab display face.
const FILES: Record<FontFamily, string> = {
  'EB Garamond': '@fontsource/eb-garamond/files/eb-garamond-latin-500-normal.woff2',
  Oswald: '@fontsource/oswald/files/oswald-latin-500-normal.woff2',
  'JetBrains Mono': '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff2',
  'Dancing Script': '@fontsource/dancing-script/files/dancing-script-latin-700-normal.woff2',
  'Alfa Slab One': '@fontsource/alfa-slab-one/files/alfa-slab-one-latin-400-normal.woff2',
};

/** The installed font file of a built-in family. */
export function fontFile(family: FontFamily): string {
  return resolveOptional('generateFontDataset', FILES[family]);
}

export function isFontFamily(name: unknown): name is FontFamily {
  return typeof name === 'string' && (FONT_FAMILIES as readonly string[]).includes(name);
}
