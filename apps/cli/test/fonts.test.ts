import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readNpz } from '@typeflow/data';
import { describe, expect, it } from 'vitest';
import { writePng } from './png-writer.js';
import { CLI_ROOT, runCli, tempDir } from './run-cli.js';

// Font files from the @fontsource packages @typeflow/data depends on: several weights and styles of the
// built-in families count as distinct fonts.
const fontsource = createRequire(join(CLI_ROOT, '../../packages/data/package.json'));
const font = (family: string, style: string, format = 'woff2') =>
  fontsource.resolve(`@fontsource/${family}/files/${family}-latin-${style}.${format}`);

const TWO = {
  fonts: [font('eb-garamond', '400-italic'), 'DejaVu Serif'], // a file and an installed font (fontconfig)
  names: ['EB Garamond Italic', 'DejaVu Serif'],
};
const SEVEN = {
  fonts: [
    font('eb-garamond', '400-normal'),
    font('eb-garamond', '700-italic'),
    font('oswald', '300-normal'),
    font('jetbrains-mono', '400-italic'),
    font('dancing-script', '400-normal'),
    font('alfa-slab-one', '400-normal', 'woff'),
    font('oswald', '700-normal', 'woff'),
  ],
  names: [
    'EB Garamond Regular',
    'EB Garamond Bold Italic',
    'Oswald Light',
    'JetBrains Mono Italic',
    'Dancing Script Regular',
    'Alfa Slab One Regular',
    'Oswald Bold',
  ],
};

/** dataset -> train -> evaluate -> predict on fonts of your own; returns what each step wrote. */
async function endToEnd(fonts: readonly string[], train: readonly string[]) {
  const dir = tempDir('typeflow-fonts-');
  const data = join(dir, 'fonts.npz');
  const made = await runCli(['dataset', '--fonts', ...fonts, '--out', data]);
  expect(made.stderr).not.toMatch(/error/i);
  expect(made.code).toBe(0);
  const run = join(dir, 'run');
  const trained = await runCli(['train', '--data', data, '--out', run, '--quiet', ...train]);
  expect(trained.stderr).toBe('');
  expect(trained.code).toBe(0);
  const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
  const svg = (name: string) => readFileSync(join(run, name), 'utf8');
  const checkpoint = join(run, 'checkpoint.npz');
  const evaluate = (args: string[]) => runCli(['evaluate', '--checkpoint', checkpoint, '--data', data, ...args]);
  const predict = (args: string[]) => runCli(['predict', '--checkpoint', checkpoint, ...args]);
  return { dir, data, metrics, svg, evaluate, predict };
}

/** The glyph at `index` of a dataset file as a PNG (dark ink on white paper, top row first). */
function glyphPng(data: string, index: number, file: string): string {
  const images = readNpz(readFileSync(data)).arr_0?.data as Uint8Array;
  const png = new Uint8Array(36 * 36);
  for (let y = 0; y < 36; y++)
    for (let x = 0; x < 36; x++) png[y * 36 + x] = 255 - (images[index * 1296 + (35 - y) * 36 + x] as number);
  writeFileSync(file, writePng({ width: 36, height: 36, colourType: 0, depth: 8, samples: png }));
  return file;
}

/** The names the SVG draws: as one text, or as a caption broken into two lines at a space. */
function namesIn(svg: string, names: readonly string[]): string[] {
  const texts = [...svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1] as string);
  return names.filter((n) => texts.includes(n) || texts.some((t, k) => `${t} ${texts[k + 1]}` === n));
}

describe('two fonts of your own, end to end', () => {
  let run: Awaited<ReturnType<typeof endToEnd>>;

  it('dataset writes their glyphs with their names; train learns them; the names reach metrics.json and the plots', async () => {
    run = await endToEnd(TWO.fonts, ['--model', 'logistic', '--epochs', '10', '--workers', '1']);
    const arrays = readNpz(readFileSync(run.data));
    expect(arrays.class_names).toEqual({ dtype: 'unicode', shape: [2], data: TWO.names });
    expect(arrays.arr_0?.shape).toEqual([2 * 62 * 9, 36, 36]);
    const { metrics } = run;
    expect(metrics.classNames).toEqual(TWO.names);
    expect(metrics.confusion).toHaveLength(2);
    expect(metrics.final.validAcc).toBeGreaterThan(0.8); // chance: 0.5; measured 0.865
    expect(namesIn(run.svg('confusion.svg'), TWO.names)).toEqual(TWO.names);
    expect(namesIn(run.svg('output-weights.svg'), TWO.names)).toEqual(TWO.names);
    expect(namesIn(run.svg('weights.svg'), TWO.names)).toEqual(TWO.names); // one weight map per font
  }, 300_000);

  it('evaluate and predict print the names', async () => {
    const json = await run.evaluate(['--subset', 'valid', '--json']);
    expect(json.code).toBe(0);
    const evaluation = JSON.parse(json.stdout);
    expect(evaluation.classNames).toEqual(TWO.names);
    expect(evaluation.accuracy).toBe(run.metrics.final.validAcc);
    expect(evaluation.confusion).toEqual(run.metrics.confusion);
    const table = await run.evaluate([]);
    for (const name of TWO.names) expect(table.stdout).toContain(`\n${name}`);

    const byIndex = await run.predict(['--data', run.data, '--index', String(62 * 9 + 6)]); // DejaVu Serif '0'
    expect(byIndex.code).toBe(0);
    expect(byIndex.stdout).toMatch(/^logistic: (EB Garamond Italic|DejaVu Serif) \(true: DejaVu Serif\)\n/);
    // A PNG has no labels: the names come from the run folder the checkpoint is in.
    const png = glyphPng(run.data, 62 * 9 + 6, join(run.dir, 'glyph.png'));
    const byImage = JSON.parse((await run.predict(['--image', png, '--json'])).stdout);
    expect(Object.keys(byImage.probabilities)).toEqual(TWO.names);
    expect(byImage.predictedName).toBe(
      JSON.parse((await run.predict(['--data', run.data, '--index', '564', '--json'])).stdout).predictedName,
    );
  }, 300_000);

  it('train --fonts renders and caches the dataset itself, and records the fonts in metrics.json', async () => {
    const dir = tempDir('typeflow-fonts-');
    const args = ['train', '--fonts', ...TWO.fonts, '--characters', 'aeg', '--model', 'logistic', '--epochs', '2'];
    const first = await runCli([...args, '--out', join(dir, 'a'), '--quiet', '--workers', '1']);
    expect(first.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(dir, 'a', 'metrics.json'), 'utf8'));
    expect(metrics.fonts).toEqual([TWO.fonts[0], 'DejaVu Serif']);
    expect(metrics.characters).toBe('aeg');
    expect(metrics.dataset).toBe(`fonts: ${TWO.names.join(', ')}`);
    expect(metrics.classNames).toEqual(TWO.names);
    const again = await runCli([...args, '--out', join(dir, 'b'), '--workers', '1', '--json']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('rendering'); // read from the cache
    const resumed = await runCli(['train', '--resume', join(dir, 'a'), '--epochs', '3', '--quiet', '--workers', '1']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'a', 'metrics.json'), 'utf8')).epochsCompleted).toBe(3);
  }, 300_000);
});

describe('seven fonts of your own, end to end', () => {
  it('trains a 7-class model on two worker threads; names in metrics.json, the plots, evaluate and predict', async () => {
    const run = await endToEnd(SEVEN.fonts, ['--model', 'logistic', '--epochs', '10', '--workers', '2']);
    expect(run.metrics.classNames).toEqual(SEVEN.names);
    expect(run.metrics.workers).toBe(2);
    expect(run.metrics.confusion).toHaveLength(7);
    expect(run.metrics.final.validAcc).toBeGreaterThan(0.5); // chance: 1/7; measured 0.579
    for (const plot of ['confusion.svg', 'output-weights.svg', 'weights.svg']) {
      expect(namesIn(run.svg(plot), SEVEN.names), plot).toEqual(SEVEN.names);
    }
    const evaluation = JSON.parse((await run.evaluate(['--subset', 'valid', '--json'])).stdout);
    expect(evaluation.accuracy).toBe(run.metrics.final.validAcc);
    expect(evaluation.classNames).toEqual(SEVEN.names);
    const index = 5 * 62 * 9 + 20 * 9 + 6; // Alfa Slab One's 'K'
    const predicted = await run.predict(['--data', run.data, '--index', String(index), '--json']);
    const result = JSON.parse(predicted.stdout);
    expect(Object.keys(result.probabilities)).toEqual(SEVEN.names);
    expect(result.label).toBe(5);
    expect(SEVEN.names).toContain(result.predictedName);
  }, 300_000);
});

describe('bad fonts fail in one line naming the font', () => {
  it('a font lacking characters names the characters; a missing file, a non-font, a repeat, a single font', async () => {
    const dir = tempDir('typeflow-fonts-');
    const cyrillic = fontsource.resolve('@fontsource/eb-garamond/files/eb-garamond-cyrillic-400-normal.woff2');
    const notFont = join(dir, 'notes.woff2');
    writeFileSync(notFont, 'hello');
    const out = ['--out', join(dir, 'x.npz')];
    const cases: [string[], string][] = [
      [
        ['--fonts', 'Oswald', cyrillic, '--characters', 'AbC'],
        `typeflow: font '${cyrillic}' (fonts[1]): no glyph for 2 of the 3 characters: b C`,
      ],
      [
        ['--fonts', 'Oswald', join(dir, 'none.ttf')],
        `typeflow: font '${join(dir, 'none.ttf')}' (fonts[1]): no such file`,
      ],
      [['--fonts', 'Oswald', notFont], `typeflow: font '${notFont}' (fonts[1]): not a font file`],
      [['--fonts', TWO.fonts[0] as string, 'Oswald', TWO.fonts[0] as string], "(fonts[2]): the same font as '"],
      [['--fonts', 'Oswald'], 'typeflow: --fonts needs two or more fonts, one class each; got 1: Oswald'],
      [['--fonts', 'Oswald', 'No Such Family Anywhere'], "font 'No Such Family Anywhere' (fonts[1]): not a font file"],
      [['--data', join(dir, 'x.npz'), '--fonts', 'Oswald', 'EB Garamond', '--out', join(dir, 'm.svg')], 'give either'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['dataset', ...args, ...(args.includes('--out') ? [] : out)]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 300_000);
});
