/**
 * The packages as a user gets them: every package (the CLI too) is packed by `pnpm pack` (its `prepack`
 * builds it), the tarballs are installed by npm into projects in the system's temp folder, outside the
 * workspace, with tfjs, vite and typescript from the registry, and used with no tsx and no `source`
 * condition: plain Node, a strict TypeScript check, a Vite bundle in Chromium, the installed `typeflow`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNpz } from '@typeflow/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../apps/docs/test/chromium.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));
const FIXTURES = fileURLToPath(new URL('fixtures/', import.meta.url));
const BOOK_DATA = fileURLToPath(new URL('../../../shared/data/data_with_labels.npz', import.meta.url));
const PACKAGES = ['tensor', 'autograd', 'data', 'nn', 'viz', 'export'].map((name) => `packages/${name}`);
const CLI = 'apps/cli';
// Registry packages a consumer adds (the versions the workspace itself uses).
const TOOLS = { typescript: '6.0.3', vite: '8.3.8', '@types/node': '20.19.43' };
const RENDERER = ['@napi-rs/canvas', 'fontkit', '@fontsource'];

const WORK = mkdtempSync(join(tmpdir(), 'typeflow-consumer-'));
const TARBALLS = join(WORK, 'tarballs');
const tarballOf = (dir: string) => {
  const { name, version } = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
  return join(TARBALLS, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
};

// The workspace's pnpm and vitest settings must not reach npm or the consumer's programs: pnpm's NODE_PATH
// would let Node find the workspace's packages, vitest's NODE_ENV=test would change a Vite build.
const VITEST_ENV = new Set(['TEST', 'NODE_ENV', 'PROD', 'DEV', 'BASE_URL', 'MODE', 'SSR', 'FORCE_TTY']);
const CLEAN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) =>
      !/^(npm_|pnpm_|VITEST|TURBO_)/i.test(k) &&
      !['INIT_CWD', 'NODE_OPTIONS', 'NODE_PATH'].includes(k) &&
      !VITEST_ENV.has(k),
  ),
);

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = CLEAN_ENV): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${e.status}:\n${e.stdout}\n${e.stderr}`);
  }
}

/** An npm project in WORK whose dependencies are these tarballs (and registry packages). */
function npmProject(name: string, dependencies: Record<string, string>): string {
  const dir = join(WORK, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module', dependencies }, null, 2),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return dir;
}

const fileDependencies = (dirs: readonly string[]) =>
  Object.fromEntries(
    dirs.map((dir) => [
      JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')).name,
      `file:${tarballOf(dir)}`,
    ]),
  );

function folderMegabytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return bytes / 1e6;
}

let project = '';

beforeAll(() => {
  mkdirSync(TARBALLS);
  for (const dir of [...PACKAGES, CLI]) run('pnpm', ['pack', '--pack-destination', TARBALLS], join(ROOT, dir));
  project = npmProject('app', { ...fileDependencies([...PACKAGES, CLI]), ...TOOLS });
});

describe('the packed packages', () => {
  it.each([...PACKAGES, CLI])('%s: the tarball holds every file its exports and bin name, and the LICENSE', (dir) => {
    const files = new Set(run('tar', ['tzf', tarballOf(dir)], WORK).split('\n'));
    const manifest = JSON.parse(run('tar', ['xzOf', tarballOf(dir), 'package/package.json'], WORK));
    const targets: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(manifest.exports);
    walk(manifest.bin);
    expect(targets.length).toBeGreaterThan(0);
    const missing = targets.filter((target) => !files.has(`package/${target.replace(/^\.\//, '')}`));
    expect(missing, `${dir} ships without ${missing.join(', ')}`).toEqual([]);
    expect(JSON.stringify(manifest.exports ?? {})).not.toContain('source');
    expect(JSON.stringify(manifest.exports ?? {})).not.toContain('src/');
    expect(run('tar', ['xzOf', tarballOf(dir), 'package/LICENSE'], WORK)).toBe(
      readFileSync(join(ROOT, 'LICENSE'), 'utf8'),
    );
  });

  it.each([...PACKAGES, CLI])('%s: publint finds nothing to suggest in the tarball', (dir) => {
    const folder = join(WORK, 'extracted', dir);
    mkdirSync(folder, { recursive: true });
    run('tar', ['xzf', tarballOf(dir), '-C', folder], WORK);
    const out = run(
      join(HERE, 'node_modules/.bin/publint'),
      ['run', join(folder, 'package'), '--pack', 'false', '--level', 'suggestion', '--strict'],
      ROOT,
    );
    expect(out).toContain('All good!');
  });

  it.each(PACKAGES)('%s: attw finds no type resolution problem in the tarball (ESM only)', (dir) => {
    // Exits non-zero on any problem; CommonJS and node10 resolution are out of scope for an ESM-only package.
    run(join(HERE, 'node_modules/.bin/attw'), [tarballOf(dir), '--profile', 'esm-only', '--format', 'ascii'], ROOT);
  });

  it('npm install @typeflow/nn brings no native renderer and no font files', () => {
    // tensor, autograd and data come from tarballs because they are not on the registry yet.
    const dir = npmProject(
      'nn-only',
      fileDependencies(['packages/nn', 'packages/tensor', 'packages/autograd', 'packages/data']),
    );
    const installed = run('npm', ['ls', '--all', '--parseable'], dir);
    for (const name of RENDERER) expect(installed).not.toContain(`node_modules/${name}`);
    console.info(
      `npm install @typeflow/nn: node_modules is ${folderMegabytes(join(dir, 'node_modules')).toFixed(1)} MB`,
    );
    // Rendering the built-in dataset says what to install.
    writeFileSync(
      join(dir, 'render.mjs'),
      "import { generateFontDataset } from '@typeflow/data';\ntry { generateFontDataset(); console.log('rendered'); } catch (e) { console.log(e.name, e.message); }\n",
    );
    const out = run(process.execPath, ['render.mjs'], dir);
    expect(out).toMatch(
      /^DataError generateFontDataset: needs the optional package '@[\w/-]+'.*npm install @napi-rs\/canvas fontkit/,
    );
  });
});

describe('used outside the workspace', () => {
  it('(a) plain Node runs the README example: fit on the book data, an npz and an SVG', () => {
    cpSync(join(ROOT, 'examples/fit-book-data.mjs'), join(project, 'fit-book-data.mjs'));
    const out = run(process.execPath, ['fit-book-data.mjs', BOOK_DATA], project);
    // The book's logistic run from zeros on the numpy seed-0 split, as the independent numpy run gives it.
    const expected = JSON.parse(readFileSync(join(BOOK_DATA, '../book-init/expected.json'), 'utf8'));
    const validAcc = Number(/validation accuracy ([\d.]+)/.exec(out)?.[1]);
    expect(validAcc).toBeCloseTo(expected.logistic.book['1000'].valid, 4);
    const checkpoint = readNpz(readFileSync(join(project, 'logistic.npz')));
    expect(checkpoint.W?.shape).toEqual([1296, 5]);
    expect(checkpoint.b?.shape).toEqual([5]);
    expect(readFileSync(join(project, 'accuracy.svg'), 'utf8')).toMatch(
      /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
  });

  it('(b) a strict TypeScript consumer type-checks with moduleResolution nodenext and skipLibCheck false', () => {
    cpSync(join(FIXTURES, 'consumer.ts'), join(project, 'consumer.ts'));
    cpSync(join(FIXTURES, 'tsconfig.json'), join(project, 'tsconfig.json'));
    run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
  });

  it('(c) Vite bundles a page importing tensor, autograd, nn, data and viz, and it trains on wasm in Chromium', async () => {
    const page = join(project, 'page');
    cpSync(join(FIXTURES, 'browser'), page, { recursive: true });
    const wasm = join(project, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
    mkdirSync(join(page, 'public/wasm'), { recursive: true });
    for (const file of readdirSync(wasm).filter((f) => f.endsWith('.wasm')))
      cpSync(join(wasm, file), join(page, 'public/wasm', file));
    run(process.execPath, [join(project, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], page);
    const dist = join(page, 'dist');
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      // The built files, served from a made-up origin so nothing goes to the network.
      const origin = 'http://consumer.invalid';
      const types: Record<string, string> = {
        '.html': 'text/html',
        '.js': 'text/javascript',
        '.wasm': 'application/wasm',
      };
      await tab.route(`${origin}/**`, (route) => {
        const path = new URL(route.request().url()).pathname;
        const file = join(dist, path === '/' ? 'index.html' : path);
        if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
        return route.fulfill({
          status: 200,
          contentType: types[extname(file)] ?? 'application/octet-stream',
          body: readFileSync(file),
        });
      });
      await tab.goto(`${origin}/`);
      await tab.waitForFunction('window.typeflowResult !== undefined', undefined, { timeout: 120_000 });
      const result = (await tab.evaluate('window.typeflowResult')) as Record<string, unknown>;
      expect(errors).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result.backend).toBe('wasm');
      expect(result.epochs).toEqual([1, 2, 3, 4, 5]);
      expect(result.validAcc).toBeGreaterThan(0.9); // two well-separated classes
      expect(result.npz).toEqual([14 / 3].map(Math.fround));
      expect(result.svg).toBe('<svg');
    } finally {
      await browser.close();
    }
  });
});

describe('the installed typeflow command', () => {
  const typeflow = () => join(project, 'node_modules/.bin/typeflow');
  const env = () => ({ ...CLEAN_ENV, TYPEFLOW_CACHE_DIR: join(WORK, 'cache'), FORCE_COLOR: '0' });

  it('(d) --version prints the version, and train writes a run folder', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, CLI, 'package.json'), 'utf8'));
    expect(run(typeflow(), ['--version'], project, env()).trim()).toBe(version);
    run(
      typeflow(),
      ['train', '--recipe', 'book', '--model', 'logistic', '--epochs', '20', '--out', 'run', '--quiet'],
      project,
      env(),
    );
    const metrics = JSON.parse(readFileSync(join(project, 'run/metrics.json'), 'utf8'));
    expect(metrics.status).toBe('complete');
    expect(metrics.epochsCompleted).toBe(20);
    for (const file of ['checkpoint.npz', 'accuracy.svg', 'index.html'])
      expect(existsSync(join(project, 'run', file))).toBe(true);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: the program saves the run before it exits (code %i), and --resume finishes it',
    async (signal, code) => {
      const out = `stopped-${signal}`;
      const child = spawn(
        typeflow(),
        ['train', '--recipe', 'book', '--model', 'hidden', '--epochs', '3000', '--out', out],
        {
          cwd: project,
          env: env(),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk;
        if (/epoch \d+\/3000/.test(stderr) && !child.killed) child.kill(signal);
      });
      const exitCode = await exited(child);
      // When the process is gone the run folder already says where it stopped.
      const stopped = JSON.parse(readFileSync(join(project, out, 'metrics.json'), 'utf8'));
      expect(exitCode).toBe(code);
      expect(stopped.status).toBe('stopped');
      expect(stderr).toContain(`resume with: typeflow train --resume ${join(project, out)}`);
      run(
        typeflow(),
        ['train', '--resume', out, '--epochs', String(stopped.epochsCompleted + 10), '--quiet'],
        project,
        env(),
      );
      const resumed = JSON.parse(readFileSync(join(project, out, 'metrics.json'), 'utf8'));
      expect(resumed.status).toBe('complete');
      expect(resumed.epochsCompleted).toBe(stopped.epochsCompleted + 10);
    },
  );
});

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

afterAll(() => {
  if (!process.env.TYPEFLOW_KEEP_CONSUMER) rmSync(WORK, { recursive: true, force: true });
});
