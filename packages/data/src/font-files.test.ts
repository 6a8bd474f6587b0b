import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { resolveFonts } from './font-files.js';
import { fontFile } from './fonts.js';
import { generateFontDataset } from './generate.js';

const require = createRequire(import.meta.url);
/** A font file from the @fontsource packages the built-in families come from. */
const fontsource = (family: string, file: string) => require.resolve(`@fontsource/${family}/files/${file}`);
const italic = fontsource('eb-garamond', 'eb-garamond-latin-400-italic.woff2');
const bold = fontsource('eb-garamond', 'eb-garamond-latin-700-normal.woff');
// The Cyrillic subset of EB Garamond has Latin A but none of the other 61 characters.
const cyrillic = fontsource('eb-garamond', 'eb-garamond-cyrillic-400-normal.woff2');

const dir = mkdtempSync(join(tmpdir(), 'typeflow-fonts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fault(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('no error');
}

describe('resolveFonts', () => {
  it('takes built-in families, font files and installed fonts, named after the font', () => {
    const fonts = resolveFonts(['Oswald', italic, bold, 'DejaVu Serif', 'DejaVu Serif:bold']);
    expect(fonts.map((f) => f.name)).toEqual([
      'Oswald',
      'EB Garamond Italic',
      'EB Garamond Bold',
      'DejaVu Serif',
      'DejaVu Serif Bold',
    ]);
    expect(fonts[0]?.path).toBe(fontFile('Oswald'));
    expect(fonts[3]?.path).toMatch(/DejaVuSerif\.ttf$/);
    expect(new Set(fonts.map((f) => f.sha256)).size).toBe(5);
  });

  it('keeps the names given with { name, path }, and uses file names where two fonts share a name', () => {
    const copy = join(dir, 'garamond-regular-copy.woff');
    // The same font in two formats: other bytes, the same full name 'EB Garamond Regular'.
    copyFileSync(fontsource('eb-garamond', 'eb-garamond-latin-400-normal.woff'), copy);
    const woff2 = fontsource('eb-garamond', 'eb-garamond-latin-400-normal.woff2');
    expect(resolveFonts([{ name: 'mine', path: italic }, woff2, copy]).map((f) => f.name)).toEqual([
      'mine',
      'eb-garamond-latin-400-normal',
      'garamond-regular-copy',
    ]);
    expect(
      fault(() =>
        resolveFonts([
          { name: 'x', path: italic },
          { name: 'x', path: bold },
        ]),
      ).message,
    ).toBe(`font '${bold}' (fonts[1]): the same class name 'x' as fonts[0]: give one another name`);
  });

  it('names the characters a font has no glyph for', () => {
    const error = fault(() => resolveFonts(['Oswald', cyrillic]));
    expect(error.message).toBe(
      `font '${cyrillic}' (fonts[1]): no glyph for 61 of the 62 characters: ` +
        `${[...'0123456789BCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'].join(' ')} ` +
        '(choose other characters, or another font)',
    );
    expect(error.message).not.toContain(' A ');
    expect(error.details.argument).toBe('fonts[1]');
    expect(resolveFonts(['Oswald', cyrillic], { characters: 'A' })[1]?.name).toBe('EB Garamond Regular');
    expect(fault(() => resolveFonts(['Oswald', 'DejaVu Serif'], { characters: 'aж' })).message).toContain(
      "font 'Oswald' (fonts[0]): no glyph for 1 of the 2 characters: ж",
    );
  });

  it('refuses a missing file, a folder, a file that is not a font, and fewer than two fonts', () => {
    const text = join(dir, 'notes.ttf');
    writeFileSync(text, 'not a font at all');
    const cases: [unknown[], string][] = [
      [['Oswald', join(dir, 'none.woff2')], `font '${join(dir, 'none.woff2')}' (fonts[1]): no such file`],
      [['Oswald', dir], `font '${dir}' (fonts[1]): a folder, not a font file`],
      [['Oswald', text], `font '${text}' (fonts[1]): not a font file (expected a .ttf, .otf, .woff or .woff2 file)`],
      [['Oswald'], 'resolveFonts: argument \'fonts\' expected 2 to 256 fonts (one class each), got ["Oswald"]'],
      [['Oswald', 3], "font '3' (fonts[1]): not a font"],
    ];
    for (const [fonts, message] of cases)
      expect(fault(() => resolveFonts(fonts as string[])).message).toContain(message);
  });

  it('refuses the same font twice, however it is given', () => {
    const copy = join(dir, 'italic-copy.woff2');
    copyFileSync(italic, copy);
    expect(fault(() => resolveFonts(['Oswald', 'Oswald'])).message).toBe(
      "font 'Oswald' (fonts[1]): the same font as 'Oswald' (identical files): each class needs a font of its own",
    );
    expect(fault(() => resolveFonts([italic, 'Oswald', copy])).message).toContain(
      `font '${copy}' (fonts[2]): the same font as '${italic}'`,
    );
    expect(fault(() => resolveFonts(['DejaVu Serif', 'dejavu serif:style=Book'])).message).toContain(
      "the same font as 'DejaVu Serif'",
    );
  });

  it('refuses a name fontconfig does not know, rather than take its substitute', () => {
    expect(fault(() => resolveFonts(['Oswald', 'No Such Family'])).message).toMatch(
      /^font 'No Such Family' \(fonts\[1\]\): not a font file, a built-in family \(EB Garamond, .*\) or an installed font \(fontconfig's nearest is '.+'; fc-list lists the installed ones\)$/,
    );
  });

  it('says so when fontconfig is not installed', () => {
    const path = process.env.PATH;
    process.env.PATH = dir; // no fc-match here
    try {
      expect(fault(() => resolveFonts(['Oswald', 'DejaVu Serif'])).message).toContain(
        "font 'DejaVu Serif' (fonts[1]): not a font file or a built-in family (EB Garamond, Oswald, JetBrains Mono, " +
          "Dancing Script, Alfa Slab One), and fontconfig's fc-match, which finds installed fonts by name, is not installed",
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('generateFontDataset with fonts of your own', () => {
  it('renders files and installed fonts, and fails naming the characters a font lacks', () => {
    const d = generateFontDataset({ fonts: [italic, 'DejaVu Serif', cyrillic], characters: 'AB'.slice(0, 1) });
    expect(d.classNames).toEqual(['EB Garamond Italic', 'DejaVu Serif', 'EB Garamond Regular']);
    expect(d.count).toBe(3 * 9);
    expect(() => generateFontDataset({ fonts: [italic, cyrillic], characters: 'AbC' })).toThrow(
      `font '${cyrillic}' (fonts[1]): no glyph for 2 of the 3 characters: b C`,
    );
  });
});
