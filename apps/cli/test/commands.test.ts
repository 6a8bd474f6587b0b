import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpz } from '@typeflow/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePng } from './png-writer.js';
import { BOOK_DATA, runCli, tempDir } from './run-cli.js';

describe('evaluate, predict and dataset', () => {
  const dir = tempDir();
  const checkpoint = join(dir, 'logistic.npz');
  beforeAll(async () => {
    const trained = await runCli([
      'train',
      '--model',
      'logistic',
      '--recipe',
      'book',
      '--loss',
      'softmax',
      '--epochs',
      '300',
      '--data',
      BOOK_DATA,
      '--out',
      join(dir, 'run'),
      '--save',
      checkpoint,
      '--quiet',
    ]);
    expect(trained.code).toBe(0);
  }, 300_000);

  it('evaluate reports the validation accuracy the training run measured', async () => {
    const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8'));
    const result = await runCli([
      'evaluate',
      '--checkpoint',
      checkpoint,
      '--data',
      BOOK_DATA,
      '--subset',
      'valid',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const evaluation = JSON.parse(result.stdout);
    expect(evaluation.model).toBe('logistic');
    expect(evaluation.images).toBe(279);
    expect(evaluation.accuracy).toBe(metrics.final.validAcc);
    expect(evaluation.confusion).toEqual(metrics.confusion);
  }, 120_000);

  it('evaluate prints a confusion table', async () => {
    const result = await runCli(['evaluate', '--checkpoint', checkpoint, '--data', BOOK_DATA]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/logistic on .* \(all, 2790 images\): accuracy \d+\.\d\d%/);
    expect(result.stdout).toMatch(/true \\ predicted/);
  }, 120_000);

  it('predict gives class probabilities for a dataset index and for a PNG', async () => {
    const byIndex = await runCli([
      'predict',
      '--checkpoint',
      checkpoint,
      '--data',
      BOOK_DATA,
      '--index',
      '0',
      '--json',
    ]);
    expect(byIndex.code).toBe(0);
    const p = JSON.parse(byIndex.stdout);
    const total = Object.values(p.probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 5);
    expect(p.label).toBe(0);

    // The same glyph as PNGs of three kinds (dark ink on white paper, top row first): 8-bit grey, an
    // 8-bit palette whose indices are not the grey levels, and interlaced 16-bit RGBA.
    const images = readNpz(readFileSync(BOOK_DATA)).arr_0?.data as Uint8Array;
    const grey = Array.from(
      { length: 36 * 36 },
      (_, i) => 255 - (images[(35 - Math.floor(i / 36)) * 36 + (i % 36)] as number),
    );
    const levels = [...new Set(grey)].sort((a, b) => b - a);
    const kinds = {
      grey: writePng({ width: 36, height: 36, colourType: 0, depth: 8, samples: grey }),
      palette: writePng({
        width: 36,
        height: 36,
        colourType: 3,
        depth: 8,
        samples: grey.map((v) => levels.indexOf(v)),
        palette: levels.map((v) => [v, v, v] as const),
      }),
      rgba16: writePng({
        width: 36,
        height: 36,
        colourType: 6,
        depth: 16,
        samples: grey.flatMap((v) => [v * 257, v * 257, v * 257, 65535]),
        interlace: true,
      }),
    };
    for (const [kind, bytes] of Object.entries(kinds)) {
      const file = join(dir, `glyph-${kind}.png`);
      writeFileSync(file, bytes);
      const byImage = await runCli(['predict', '--checkpoint', checkpoint, '--image', file, '--json']);
      expect(byImage.code).toBe(0);
      const q = JSON.parse(byImage.stdout);
      expect(q.predicted, kind).toBe(p.predicted);
      for (const [name, value] of Object.entries(p.probabilities as Record<string, number>)) {
        expect(
          Object.values(q.probabilities as Record<string, number>)[Object.keys(p.probabilities).indexOf(name)],
        ).toBeCloseTo(value, 5);
      }
    }
  }, 120_000);

  it('predict refuses a file that is not a PNG, a PNG of the wrong size and an index out of range', async () => {
    const notPng = await runCli(['predict', '--checkpoint', checkpoint, '--image', BOOK_DATA]);
    expect(notPng.code).toBe(2);
    expect(notPng.stderr).toMatch(/is not a readable PNG file/);
    const small = join(dir, 'small.png');
    writeFileSync(small, writePng({ width: 8, height: 8, colourType: 0, depth: 8, samples: new Array(64).fill(0) }));
    const wrongSize = await runCli(['predict', '--checkpoint', checkpoint, '--image', small]);
    expect(wrongSize.code).toBe(2);
    expect(wrongSize.stderr).toMatch(/is 8x8; expected a 36x36 glyph/);
    const outOfRange = await runCli(['predict', '--checkpoint', checkpoint, '--data', BOOK_DATA, '--index', '2790']);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toMatch(/--index 2790 is out of range/);
  }, 120_000);

  it('dataset writes the built-in dataset as npz and a montage as svg', async () => {
    const npz = await runCli(['dataset', '--out', join(dir, 'fonts.npz')]);
    expect(npz.code).toBe(0);
    const arrays = readNpz(readFileSync(join(dir, 'fonts.npz')));
    expect(arrays.arr_0?.shape).toEqual([2790, 36, 36]);
    const svg = await runCli(['dataset', '--out', join(dir, 'book.svg'), '--data', BOOK_DATA]);
    expect(svg.code).toBe(0);
    expect(readFileSync(join(dir, 'book.svg'), 'utf8')).toMatch(/^<svg/);
    const bad = await runCli(['dataset', '--out', join(dir, 'fonts.txt')]);
    expect(bad.code).toBe(2);
  }, 120_000);
});
