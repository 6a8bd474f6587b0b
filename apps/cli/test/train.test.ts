import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpz } from '@typeflow/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOK_DATA, RUN_FOLDER_ENTRIES, runCli, runFolderEntries, SHARED, tempDir } from './run-cli.js';

const RUN_FILES = [
  'accuracy.svg',
  'checkpoint.npz',
  'confusion.svg',
  'index.html',
  'metrics.json',
  'output-weights.svg',
  'weights.svg',
];
const expected = JSON.parse(readFileSync(join(SHARED, 'data/book-init/expected.json'), 'utf8'));

describe('typeflow train', () => {
  it("reproduces the book's logistic regression with --recipe book", async () => {
    const out = join(tempDir(), 'run');
    const args = [
      'train',
      '--recipe',
      'book',
      '--model',
      'logistic',
      '--data',
      BOOK_DATA,
      '--split',
      'numpy',
      '--seed',
      '0',
    ];
    const result = await runCli([...args, '--out', out, '--json']);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    const want = expected.logistic.book['1000'];
    expect(summary.epochsCompleted).toBe(1000);
    expect(Math.abs(summary.final.trainAcc - want.train)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(summary.final.validAcc - want.valid)).toBeLessThanOrEqual(0.01);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics).toMatchObject({
      model: 'logistic',
      recipe: 'book',
      loss: 'book',
      optimizer: 'sgd',
      lr: 0.02,
      batchSize: 'full',
      epochs: 1000,
    });
    expect(metrics.history.epoch.slice(0, 3)).toEqual([1, 11, 21]);
  }, 300_000);

  describe('the default run on the built-in data', () => {
    let out: string;
    let result: Awaited<ReturnType<typeof runCli>>;
    beforeAll(async () => {
      const cwd = tempDir();
      result = await runCli(['train', '--out', 'my-run'], cwd);
      out = join(cwd, 'my-run');
    }, 600_000);

    it('exits 0 and writes every file of a run folder', () => {
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(0);
      // The files of DESIGN.md's run folder, and optimizer.npz, current and saves/ (one save).
      expect(runFolderEntries(out)).toEqual({ entries: RUN_FOLDER_ENTRIES, saves: [expect.any(String)] });
      for (const file of RUN_FILES) expect(RUN_FOLDER_ENTRIES).toContain(file);
      for (const svg of RUN_FILES.filter((f) => f.endsWith('.svg')))
        expect(readFileSync(join(out, svg), 'utf8')).toMatch(/^<svg[^>]*viewBox/);
      expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<img src="accuracy.svg"');
    });

    it('prints a summary consistent with metrics.json', () => {
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
      const printed = (label: string) => Number(result.stdout.match(new RegExp(`${label}\\s+([\\d.]+)%`))?.[1]);
      expect(printed('validation accuracy')).toBeCloseTo(metrics.final.validAcc * 100, 2);
      expect(printed('train accuracy')).toBeCloseTo(metrics.final.trainAcc * 100, 2);
      expect(metrics.final.validAcc).toBe(metrics.history.validAcc.at(-1));
      // Each evaluation's training time: increasing, within the run's.
      const { seconds, epoch, validAcc } = metrics.history;
      expect(seconds).toHaveLength(epoch.length);
      for (let i = 1; i < seconds.length; i++) expect(seconds[i]).toBeGreaterThan(seconds[i - 1]);
      expect(seconds.at(-1)).toBeLessThanOrEqual(metrics.seconds);
      const first90 = validAcc.findIndex((v: number) => v >= 0.9);
      expect(result.stdout).toContain(
        first90 < 0 ? '90%: not reached' : `90%: ${seconds[first90].toFixed(1)} s (epoch ${epoch[first90]})`,
      );
      expect(metrics.status).toBe('complete');
      expect(metrics.recipe).toBe('fast');
      expect(metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(279);
      for (const key of [
        'model',
        'recipe',
        'loss',
        'optimizer',
        'lr',
        'batchSize',
        'epochs',
        'backend',
        'workers',
        'seed',
        'split',
        'evalEvery',
        'seconds',
        'msPerEpoch',
      ]) {
        expect(metrics).toHaveProperty(key);
      }
      expect(result.stdout).toContain(`run folder: ${out}`);
    });
  });

  it('--init and --save round-trip the book names through npz', async () => {
    const dir = tempDir();
    const first = await runCli([
      'train',
      '--model',
      'hidden',
      '--init',
      join(SHARED, 'data/book-init/hidden-init.npz'),
      '--epochs',
      '2',
      '--out',
      join(dir, 'a'),
      '--save',
      join(dir, 'w.npz'),
      '--quiet',
    ]);
    expect(first.code).toBe(0);
    const saved = readNpz(readFileSync(join(dir, 'w.npz')));
    expect(Object.keys(saved).sort()).toEqual(['W1', 'W2', 'b1', 'b2']);
    expect(saved.W1?.shape).toEqual([1296, 128]);
    expect(saved.W1?.dtype).toBe('float32');
    const second = await runCli([
      'train',
      '--model',
      'hidden',
      '--init',
      join(dir, 'w.npz'),
      '--epochs',
      '1',
      '--lr',
      '1e-30',
      '--out',
      join(dir, 'b'),
      '--quiet',
    ]);
    expect(second.code).toBe(0);
    // With a learning rate of 1e-30 one step leaves the weights as they were loaded.
    const reloaded = readNpz(readFileSync(join(dir, 'b', 'checkpoint.npz')));
    expect(reloaded.W2?.data).toEqual(saved.W2?.data);
  }, 300_000);
});

describe('typeflow train refuses bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown command', ['trian'], /unknown command 'trian'/],
    ['an unknown flag', ['train', '--bogus'], /unknown option '--bogus'/],
    [
      'non-numeric --epochs',
      ['train', '--epochs', 'ten'],
      /--epochs <n>' argument 'ten' is invalid. expected a positive integer/,
    ],
    ['negative --epochs', ['train', '--epochs', '-5'], /--epochs <n>' argument '-5' is invalid/],
    [
      'negative --lr',
      ['train', '--lr', '-0.1'],
      /--lr <rate>' argument '-0.1' is invalid. expected a positive decimal number/,
    ],
    ['a hexadecimal --lr', ['train', '--lr', '0x10'], /--lr <rate>' argument '0x10' is invalid/],
    ['an --epochs in exponent notation', ['train', '--epochs', '1e3'], /--epochs <n>' argument '1e3' is invalid/],
    [
      'an unknown --model',
      ['train', '--model', 'cnn9'],
      /--model <name>' argument 'cnn9' is invalid. Allowed choices are logistic, hidden, mlp/,
    ],
    ['a missing --data file', ['train', '--data', 'nope.npz'], /nope\.npz/],
    [
      'a checkpoint for another model',
      ['train', '--model', 'mlp', '--data', BOOK_DATA, '--init', join(SHARED, 'data/book-init/hidden-init.npz')],
      /W2' expected shape \[128, 32\]/,
    ],
  ];

  it.each(cases)(
    '%s: one line, exit 2, no run folder',
    async (_, args, message) => {
      const cwd = tempDir();
      const result = await runCli(args, cwd);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^typeflow: /);
      expect(readdirSync(cwd)).toEqual([]);
    },
    120_000,
  );

  it('a corrupt --data file', async () => {
    const cwd = tempDir();
    const result = await runCli(['train', '--data', join(SHARED, 'data/book-init/expected.json')], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/expected\.json/);
  }, 120_000);

  it('an unwritable --out', async () => {
    const cwd = tempDir();
    const result = await runCli(['train', '--epochs', '1', '--out', join(BOOK_DATA, 'run')], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out .* cannot be written: ENOTDIR/);
    expect(existsSync(join(BOOK_DATA, 'run'))).toBe(false);
  }, 120_000);

  it('a run folder that already holds a run', async () => {
    const cwd = tempDir();
    const first = await runCli(['train', '--model', 'logistic', '--epochs', '1', '--out', 'r', '--quiet'], cwd);
    expect(first.code).toBe(0);
    const second = await runCli(['train', '--model', 'logistic', '--epochs', '1', '--out', 'r', '--quiet'], cwd);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/--out .*r already exists and is not empty/);
  }, 120_000);
});
