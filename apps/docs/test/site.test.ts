/**
 * The built site in a real browser: builds it once (`pnpm run build`: dataset, wasm files, TypeDoc,
 * VitePress), serves it on a loopback port, and drives Debian's headless Chromium through every page
 * and every Run button. Screenshots go to test-output/ (or DOCS_SCREENSHOTS=screenshots to update the
 * committed ones).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { type StaticServer, serveStatic } from './static-server.js';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(docsDir, '.vitepress/dist');
const screenshotDir = resolve(docsDir, process.env.DOCS_SCREENSHOTS ?? 'test-output');

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  if (process.env.DOCS_SKIP_BUILD !== '1') {
    execFileSync('pnpm', ['run', 'build'], { cwd: docsDir, stdio: 'pipe', timeout: 300_000 });
  }
  server = await serveStatic(distDir);
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every page of the built site as a URL path, e.g. /book/logistic-regression.html */
function sitePages(): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html') && entry.name !== '404.html') pages.push(`/${relative(distDir, path)}`);
    }
  };
  walk(distDir);
  return pages.sort();
}

/** A page that records console errors, uncaught exceptions, failed requests and HTTP errors. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Leaving a page aborts its prefetches of the linked pages' chunks; a missing file is a 404 below.
    const reason = r.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${reason}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, problems };
}

describe('the built site', () => {
  it('has a page for each guide, each book section and each package of the API', () => {
    const pages = sitePages();
    for (const page of [
      '/index.html',
      '/guide/getting-started.html',
      '/guide/how-fit-works.html',
      '/guide/tensor.html',
      '/guide/autograd.html',
      '/guide/nn.html',
      '/guide/data.html',
      '/guide/viz.html',
      '/guide/cli.html',
      '/guide/elsewhere.html',
      '/guide/your-fonts.html',
      '/guide/performance.html',
      '/book/index.html',
      '/book/simple-computations.html',
      '/book/logistic-regression.html',
      '/book/training-and-evaluating.html',
      '/book/basic-networks.html',
      '/book/hidden-layer.html',
      '/book/multiple-layers.html',
      '/book/softmax-twice.html',
      '/book/convolutional-networks.html',
      '/api/tensor/index.html',
      '/api/nn/functions/fit.html',
      '/api/export/functions/exportOnnx.html',
    ]) {
      expect(pages).toContain(page);
    }
  });

  it('"How fit works" quotes the trainer\'s own source files, each listing whole', () => {
    const text = readFileSync(join(distDir, 'guide/how-fit-works.html'), 'utf8')
      .replace(/<[^>]+>/g, '')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"');
    const source = (file: string) => readFileSync(join(docsDir, '../../packages', file), 'utf8');
    for (const [file, region] of [
      ['nn/src/trainer.ts', 'fit'],
      ['nn/src/strategy.ts', 'oneThread'],
      ['nn/src/train-step.ts', 'trainStep'],
      ['autograd/src/grad.ts', 'variableGrads'],
      ['autograd/src/grad.ts', 'vjp'],
      ['autograd/src/backward.ts', 'backward'],
    ]) {
      const match = source(file as string).match(
        new RegExp(`// #region ${region}\\n([\\s\\S]*?)// #endregion ${region}`),
      );
      expect(match, `${file}#${region}`).not.toBeNull();
      for (const line of (match?.[1] ?? '').split('\n').filter((l) => l.trim() !== '')) {
        expect(text, `${file}#${region}`).toContain(line.trim());
      }
    }
  });

  it('resolves every internal link and anchor of every page', () => {
    const pages = new Set(sitePages());
    const html = new Map<string, string>();
    const read = (page: string) => {
      if (!html.has(page)) html.set(page, readFileSync(join(distDir, page), 'utf8'));
      return html.get(page) as string;
    };
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, href] of read(page).matchAll(/<a [^>]*href="([^"]+)"/g)) {
        const target = new URL((href as string).replaceAll('&amp;', '&'), `http://site${page}`);
        if (target.host !== 'site') continue; // external
        let path = decodeURIComponent(target.pathname);
        if (path.endsWith('/')) path += 'index.html';
        if (!pages.has(path)) {
          broken.push(`${page}: ${href}`);
        } else if (target.hash && !read(path).includes(`id="${decodeURIComponent(target.hash.slice(1))}"`)) {
          broken.push(`${page}: ${href} (no such anchor)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('loads every page in Chromium without a console error, page error or failed request', async () => {
    const { page, problems } = await watchedPage();
    for (const path of sitePages()) {
      const before = problems.length;
      await page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
      for (const problem of problems.splice(before)) problems.push(`${path}: ${problem}`);
    }
    await page.close();
    expect(problems).toEqual([]);
  }, 600_000); // about 270 pages (API pages grow with the exports): 0.8 s each on a loaded 2-core machine
});

/** Presses an example's Run button and waits until it is done (or failed); returns its root element's locator. */
async function runExample(page: Page, example: string) {
  const root = page.locator(`.run-example[data-example="${example}"]`);
  await root.locator('button.run-button').click();
  await page.waitForSelector(
    `.run-example[data-example="${example}"][data-state="done"], .run-example[data-example="${example}"][data-state="failed"]`,
    { timeout: 90_000 },
  );
  const error = await root
    .locator('.run-error')
    .textContent({ timeout: 100 })
    .catch(() => null);
  expect(error, `${example} failed`).toBeNull();
  return root;
}

/** The ids of the example's plots that the browser has loaded and decoded as images. */
async function loadedPlots(page: Page, example: string): Promise<string[]> {
  await page.waitForFunction(
    (name) =>
      [...document.querySelectorAll(`.run-example[data-example="${name}"] img[data-plot]`)].every(
        (img) => (img as HTMLImageElement).complete,
      ),
    example,
  );
  return page.$$eval(`.run-example[data-example="${example}"] img[data-plot]`, (images) =>
    images
      .filter((img) => (img as HTMLImageElement).naturalWidth > 0)
      .map((img) => img.getAttribute('data-plot') ?? ''),
  );
}

/** A screenshot of the page from its top to the bottom of `root` (the example and its plots), not the code below. */
async function screenshotThrough(page: Page, root: Locator, name: string): Promise<void> {
  const box = await root.boundingBox();
  const height = Math.ceil((box?.y ?? 0) + (box?.height ?? 800) + 24);
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height },
  });
}

async function openPage(path: string) {
  const watched = await watchedPage();
  await watched.page.goto(`${server.origin}${path}`, { waitUntil: 'networkidle' }); // hydrated
  return watched;
}

describe('the runnable examples, in Chromium', () => {
  it('logistic regression: Run trains in the page, draws the accuracy curves and the weight maps', async () => {
    const { page, problems } = await openPage('/book/logistic-regression.html');
    const root = await runExample(page, 'logistic-regression');
    expect(await loadedPlots(page, 'logistic-regression')).toEqual(['accuracy', 'weights']);
    const validAcc = Number.parseFloat((await root.locator('[data-metric="validAcc"]').textContent()) ?? '');
    expect(validAcc).toBeGreaterThan(50); // percent; chance is 20
    expect(await root.locator('[data-metric="backend"]').textContent()).toBe('wasm');
    await screenshotThrough(page, root, 'logistic-regression');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('the hidden layer: Run draws the accuracy, the confusion matrix and the 4 x 8 weight pictures', async () => {
    const { page, problems } = await openPage('/book/hidden-layer.html');
    const root = await runExample(page, 'hidden-layer');
    expect(await loadedPlots(page, 'hidden-layer')).toEqual(['accuracy', 'confusion', 'weights']);
    expect(Number.parseFloat((await root.locator('[data-metric="validAcc"]').textContent()) ?? '')).toBeGreaterThan(50);
    await screenshotThrough(page, root, 'hidden-layer');
    await page.close();
    expect(problems).toEqual([]);
  });

  it.each([
    ['/book/simple-computations.html', 'simple-computations', []],
    [
      '/book/training-and-evaluating.html',
      'training-evaluating',
      ['rates', 'confusion', 'mistakes', 'means', 'weights'],
    ],
    ['/book/basic-networks.html', 'basic-networks', ['functions', 'derivatives', 'loss', 'neuron']],
    ['/book/multiple-layers.html', 'multiple-layers', ['accuracy', 'output-weights']],
    ['/book/softmax-twice.html', 'softmax-twice', ['loss-curves', 'gradient-curves', 'accuracy']],
    ['/book/convolutional-networks.html', 'convolutional-networks', ['accuracy', 'filters', 'feature-maps']],
    ['/guide/tensor.html', 'guide-tensor', []],
    ['/guide/autograd.html', 'guide-autograd', ['loss']],
    ['/guide/nn.html', 'guide-nn', ['accuracy', 'confusion']],
    ['/guide/data.html', 'guide-data', ['montage']],
    ['/guide/viz.html', 'guide-viz', ['accuracy', 'heatmap', 'grid', 'lines']],
  ])('%s runs %s and shows its plots', async (path, example, plots) => {
    const { page, problems } = await openPage(path);
    await runExample(page, example);
    expect(await loadedPlots(page, example)).toEqual(plots);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('screenshots the home and getting-started pages', async () => {
    for (const [path, name] of [
      ['/index.html', 'home'],
      ['/guide/getting-started.html', 'getting-started'],
    ] as const) {
      const { page, problems } = await openPage(path);
      await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
      await page.close();
      expect(problems).toEqual([]);
    }
  });
});
