import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));

/** Where Node would find `name` from `from`: the nearest node_modules/<name> up the folder tree. */
function resolvePackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every package an install of the package at `root` brings (its dependencies, theirs, ...; not dev). */
function installedWith(root: string): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const optional = Object.keys(manifest.optionalDependencies ?? {});
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...optional]) {
      if (names.has(name)) continue;
      names.add(name);
      const found = resolvePackage(name, dir);
      if (found !== undefined) visit(found);
      else if (!optional.includes(name)) throw new Error(`${name} is not installed for ${dir}`);
    }
  };
  visit(root);
  return names;
}

it('installing @typeflow/nn brings no ONNX Runtime, TensorFlow.js layers or protobuf code', () => {
  const nn = installedWith(join(PACKAGES, 'nn'));
  expect(nn).toContain('@tensorflow/tfjs-core'); // the walk does reach the packages nn needs
  for (const name of [
    'onnxruntime-node',
    'onnxruntime-common',
    '@tensorflow/tfjs-layers',
    '@bufbuild/protobuf',
    'onnx-buf',
  ]) {
    expect(nn, name).not.toContain(name);
  }
});

it('installing @typeflow/export brings its protobuf writer but not the runtimes it is tested with', () => {
  const exporter = installedWith(join(PACKAGES, 'export'));
  expect(exporter).toContain('onnx-buf');
  expect(exporter).toContain('@typeflow/nn');
  for (const name of ['onnxruntime-node', 'onnxruntime-common', '@tensorflow/tfjs-layers']) {
    expect(exporter, name).not.toContain(name);
  }
});
