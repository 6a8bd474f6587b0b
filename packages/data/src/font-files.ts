import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Font, FontCollection } from 'fontkit';
import { argumentFault, DataError, describe } from './errors.js';
import { FONT_CHARACTERS, FONT_FAMILIES, type FontSource, fontFile, isFontFamily } from './fonts.js';
import { requireOptional } from './optional-dependency.js';

/**
 * One class of a font dataset: a built-in family name (`'Oswald'`), a font file (.ttf, .otf, .woff,
 * .woff2), the name of an installed font as fontconfig knows it (`'DejaVu Serif'`,
 * `'DejaVu Serif:bold'`), or `{ name, path }` to name a file's class yourself.
 */
export type FontSpec = string | FontSource;

/** A font checked and ready to render: its class name, its file and the file's SHA-256. */
export interface ResolvedFont extends FontSource {
  readonly sha256: string;
}

export interface ResolveFontsOptions {
  /** The characters every font must have a glyph for; default the book's 62. */
  readonly characters?: string;
}

const FONT_FILE = /\.(ttf|otf|woff2?|ttc|otc|dfont)$/i;
const FN = 'resolveFonts';

/**
 * Finds and checks the fonts of a dataset, one class each, before anything is drawn: every font must
 * be a single readable font with a glyph for every character (a missing glyph would otherwise be drawn
 * silently from a fallback font), no font may be given twice, and there must be at least two. Class
 * names: the family name for built-in fonts, the font's own full name ('EB Garamond Italic') for files
 * and installed fonts, or the file name where two fonts share a full name. Node only.
 */
export function resolveFonts(fonts: readonly FontSpec[], options: ResolveFontsOptions = {}): ResolvedFont[] {
  if (!Array.isArray(fonts) || fonts.length < 2 || fonts.length > 256) {
    argumentFault(FN, 'fonts', '2 to 256 fonts (one class each)', describe(fonts));
  }
  const chars = characterList(options.characters ?? FONT_CHARACTERS, FN);
  const found = fonts.map((spec, i) => openFont(spec, i, chars));
  const seen = new Map<string, Opened>();
  for (const font of found) {
    const twin = seen.get(font.sha256);
    if (twin) {
      fail(font, `the same font as '${twin.label}' (identical files): each class needs a font of its own`);
    }
    seen.set(font.sha256, font);
  }
  const names = found.map((font) => font.name);
  const clash = (name: string) => names.filter((n) => n === name).length > 1;
  const unique = found.map((font) => (clash(font.name) && !font.named && font.fileName ? font.fileName : font.name));
  unique.forEach((name, i) => {
    const j = unique.indexOf(name);
    if (j !== i) fail(found[i] as Opened, `the same class name '${name}' as fonts[${j}]: give one another name`);
  });
  return found.map((font, i) => ({ name: unique[i] as string, path: font.path, sha256: font.sha256 }));
}

/** The characters as a list of code points, refusing empty, repeated and invisible ones. */
export function characterList(characters: unknown, fn: string): string[] {
  const chars = typeof characters === 'string' ? [...characters] : [];
  const invisible = chars.find((c) => /[\p{White_Space}\p{Cc}\p{Cf}]/u.test(c));
  if (chars.length === 0 || invisible !== undefined || new Set(chars).size !== chars.length) {
    argumentFault(fn, 'characters', 'a string of distinct visible characters', describe(characters));
  }
  return chars;
}

interface Opened {
  /** How the user gave it, for messages. */
  readonly label: string;
  readonly index: number;
  readonly name: string;
  /** True when the user gave the name ({ name, path }). */
  readonly named: boolean;
  readonly path: string;
  /** The file name without its extension, for files and installed fonts (not for built-in families). */
  readonly fileName?: string;
  readonly sha256: string;
}

function openFont(spec: FontSpec, index: number, chars: readonly string[]): Opened {
  const where = { label: typeof spec === 'string' ? spec : describe(spec), index };
  let path: string;
  let name: string | undefined;
  if (typeof spec === 'object' && spec !== null && typeof spec.name === 'string' && typeof spec.path === 'string') {
    if (spec.name === '') fail(where, "an empty 'name'");
    ({ path, name } = spec);
    where.label = spec.path;
  } else if (isFontFamily(spec)) {
    path = fontFile(spec);
    name = spec;
  } else if (typeof spec === 'string' && spec.trim() !== '') {
    path = FONT_FILE.test(spec) || /[/\\]/.test(spec) || existsSync(spec) ? spec : systemFontFile(spec, where);
  } else {
    return fail(where, `not a font: expected ${FONT_FAMILIES.join(', ')}, a font file or an installed font's name`);
  }
  const bytes = readFont(path, where);
  const font = parseFont(bytes, where);
  const missing = chars.filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0) as number));
  if (missing.length > 0) {
    fail(
      where,
      `no glyph for ${missing.length} of the ${chars.length} characters: ${missing.join(' ')} ` +
        '(choose other characters, or another font)',
    );
  }
  const fileName = isFontFamily(spec) ? undefined : basename(path, extname(path));
  return {
    ...where,
    name: name ?? (font.fullName?.trim() || (fileName as string)),
    named: name !== undefined && !isFontFamily(spec),
    path,
    fileName,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

function readFont(path: string, where: Where): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(where, 'no such file', path);
    if (code === 'EISDIR') return fail(where, 'a folder, not a font file', path);
    return fail(where, `cannot read the file (${code ?? 'error'})`, path);
  }
}

// Why read the font's cmap: skia draws a character the font lacks from a fallback system font without
// a word (EB Garamond's Cyrillic subset drew a full-ink 'b'), and a fallback glyph may be any font's,
// so comparing renderings with .notdef cannot catch it. fontkit reads the cmap of TrueType, OpenType,
// WOFF and WOFF2 files (WOFF2 with its own Brotli decoder), the formats skia draws here, so it tells
// which characters a font has before anything is drawn.
type Fontkit = typeof import('fontkit');
let fontkit: Fontkit | undefined;

function parseFont(bytes: Buffer, where: Where): Font {
  fontkit ??= requireOptional<Fontkit>('resolveFonts', 'fontkit');
  let font: Font | FontCollection;
  try {
    font = fontkit.create(bytes);
  } catch {
    return fail(where, 'not a font file (expected a .ttf, .otf, .woff or .woff2 file)');
  }
  if (font.type === 'TTC' || font.type === 'DFont') {
    fail(where, `a font collection (${font.type}): give one of its fonts as a .ttf or .otf file`);
  }
  return font as Font;
}

type Where = { label: string; readonly index: number };

/**
 * The file of an installed font, found by fontconfig's `fc-match`. fc-match always answers with some
 * font (its nearest substitute), so the answer counts only if its family is the one asked for.
 */
function systemFontFile(pattern: string, where: Where): string {
  let answer: string;
  try {
    answer = execFileSync('fc-match', ['--format=%{family}\\n%{file}', pattern], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return fail(where, 'fontconfig (fc-match) failed on it');
    return fail(
      where,
      `not a font file or a built-in family (${FONT_FAMILIES.join(', ')}), and fontconfig's fc-match, ` +
        'which finds installed fonts by name, is not installed (Debian: apt-get install fontconfig)',
    );
  }
  const [families = '', file = ''] = answer.split('\n');
  const wanted = (pattern.split(':')[0] as string).trim().toLowerCase();
  if (!families.split(',').some((family) => family.trim().toLowerCase() === wanted)) {
    fail(
      where,
      `not a font file, a built-in family (${FONT_FAMILIES.join(', ')}) or an installed font ` +
        `(fontconfig's nearest is '${families.split(',')[0]}'; fc-list lists the installed ones)`,
    );
  }
  return file;
}

function fail(where: Where, fault: string, file?: string): never {
  throw new DataError(`font '${where.label}' (fonts[${where.index}]): ${fault}`, {
    argument: `fonts[${where.index}]`,
    file,
    actual: where.label,
  });
}
