import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

/** Every module `entry` imports, directly or not (relative imports), and the bare imports among them. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(
      /(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g,
    )) {
      if (specifier === undefined) continue;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(join(SRC, entry));
  return { files: [...files].map((f) => relative(SRC, f)).sort(), packages };
}

describe('the package entries', () => {
  it('the main entry imports nothing Node-only: no worker threads, nothing from parallel/', () => {
    const { files, packages } = importGraph('index.ts');
    expect(files.filter((f) => f.startsWith('parallel/'))).toEqual([]);
    // @typeflow/data only for checkpoint files: in a browser its `browser` entry (no file system) is used.
    expect([...packages].sort()).toEqual(['@typeflow/autograd', '@typeflow/data', '@typeflow/tensor']);
  });

  it('@typeflow/nn/parallel is the one place worker threads come from', () => {
    const { packages } = importGraph('parallel/index.ts');
    expect(packages.has('node:worker_threads')).toBe(true);
  });

  it('@typeflow/nn/worker (for browsers) imports nothing Node-only', () => {
    const { files, packages } = importGraph('worker/index.ts');
    expect(files.filter((f) => f.startsWith('parallel/'))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('node:'))).toEqual([]);
  });

  it('a page that imports @typeflow/nn/worker loads no tfjs: its value imports reach no package (fit is imported lazily, in the worker)', () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      // Value imports only: `import type` is erased, `import('...')` loads only when called.
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
        /^(?:import|export) (?!type )[^'"]*?from\s+'([^']+)'/gm,
      )) {
        if (specifier === undefined) continue;
        if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
        else packages.add(specifier);
      }
    };
    visit(join(SRC, 'worker/index.ts'));
    expect([...packages]).toEqual([]);
    expect(seen.size).toBe(4); // index, messages, serve-training, train-in-worker
  });
});
