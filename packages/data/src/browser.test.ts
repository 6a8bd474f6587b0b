import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browser from './browser.js';
import { DataError } from './errors.js';
import * as node from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module the file imports at run time (type-only imports are erased), followed through local files. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file)) return found;
  seen.add(file);
  const source = readFileSync(join(here, file), 'utf8');
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
    const specifier = match[1] as string;
    if (specifier.startsWith('./')) {
      for (const inner of runtimeImports(specifier.slice(2).replace(/\.js$/, '.ts'), seen)) found.add(inner);
    } else found.add(specifier);
  }
  return found;
}

describe('the browser entry', () => {
  it('imports no node: module and no native renderer, through any of its files', () => {
    const imports = [...runtimeImports('browser.ts')];
    expect(imports).toEqual(['fflate']);
  });

  it('sees the node: imports of the Node entry (so the check above can fail)', () => {
    const imports = [...runtimeImports('index.ts')];
    expect(imports).toContain('node:fs/promises');
    expect(imports).toContain('node:module');
  });

  it('exports every function of the Node entry except the font constants, which need the font files', () => {
    const missing = Object.keys(node).filter((name) => !(name in browser));
    expect(missing.sort()).toEqual(['BOOK_JITTER_ORDER', 'FONT_CHARACTERS', 'FONT_FAMILIES']);
    expect(Object.keys(browser).filter((name) => !(name in node))).toEqual([]);
  });

  it('reads a font dataset from bytes, as after a fetch', () => {
    const images = { dtype: 'uint8' as const, shape: [2, 2, 3], data: Uint8Array.from({ length: 12 }, (_, i) => i) };
    const labels = { dtype: 'uint8' as const, shape: [2], data: Uint8Array.of(1, 0) };
    const dataset = browser.fontDatasetFromArrays(images, labels, { classNames: ['a', 'b'] });
    const read = browser.readFontDataset(browser.writeNpz(browser.fontDatasetToArrays(dataset)), { file: 'x.npz' });
    expect(read).toEqual(dataset);
    expect(() => browser.readFontDataset('x.npz' as unknown as Uint8Array)).toThrow(
      'readFontDataset: argument \'bytes\' expected a Uint8Array, got "x.npz"',
    );
  });

  it('refuses the Node-only functions with a DataError that says what to use', async () => {
    await expect(browser.loadNpz('a.npz')).rejects.toThrow(/loadNpz: not available in the browser.*readNpz/);
    await expect(browser.saveNpz('a.npz', {})).rejects.toBeInstanceOf(DataError);
    await expect(browser.loadFontDataset('a.npz')).rejects.toThrow(/readFontDataset/);
    await expect(browser.saveFontDataset('a.npz', {} as browser.FontDataset)).rejects.toBeInstanceOf(DataError);
    expect(() => browser.generateFontDataset()).toThrow(/generateFontDataset: not available in the browser/);
    expect(() => browser.resolveFonts(['Oswald', 'EB Garamond'])).toThrow(/resolveFonts: not available/);
  });
});
