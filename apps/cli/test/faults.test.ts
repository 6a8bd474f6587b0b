import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { readNpz, writeNpz } from '@typeflow/data';
import { describe, expect, it } from 'vitest';
import { BOOK_DATA, CLI_ROOT, runCli, runScript, SHARED, tempDir } from './run-cli.js';

/** Exit 2 with one line on stderr that starts with 'typeflow: ' and matches `message`. */
function expectRefused(result: { code: number | null; stderr: string }, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^typeflow: /);
  expect(result.code).toBe(2);
}

describe('output paths', () => {
  it('dataset --out refuses an existing file unless --force', async () => {
    const dir = tempDir();
    const file = join(dir, 'fonts.npz');
    writeFileSync(file, 'precious');
    expectRefused(
      await runCli(['dataset', '--out', file]),
      /--out .*fonts\.npz already exists; add --force to replace it/,
    );
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['fonts.npz']);
    const forced = await runCli(['dataset', '--out', file, '--force']);
    expect(forced.code).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(1_000_000);
    expect(readdirSync(dir)).toEqual(['fonts.npz']);
  }, 120_000);

  it.each([
    ['train', ['train', '--model', 'logistic', '--epochs', '1', '--out', '/proc/typeflow-run']],
    ['dataset', ['dataset', '--out', '/proc/typeflow/fonts.npz']],
    ['dataset under /sys', ['dataset', '--out', '/sys/typeflow.svg']],
  ])(
    '%s --out on a virtual file system is refused at once (it used to hang)',
    async (_, args) => {
      const cwd = tempDir();
      const result = await runCli(args, cwd, { timeoutMs: 60_000 });
      expectRefused(
        result,
        /--out \/(proc|sys)\/\S+ is on a virtual file system \((proc|sysfs)\); choose a folder on a disk/,
      );
      expect(readdirSync(cwd)).toEqual([]);
    },
    120_000,
  );
});

describe('training faults', () => {
  it('a run that diverges in its first epoch exits 1 with a run folder whose status is diverged', async () => {
    const cwd = tempDir();
    const args = [
      'train',
      '--model',
      'mlp',
      '--epochs',
      '10',
      '--lr',
      '1e38',
      '--augment',
      '0',
      '--out',
      'r',
      '--quiet',
    ];
    const result = await runCli(args, cwd);
    expect(result.stderr).toMatch(
      /^typeflow: fit: the loss became (NaN|Infinity|-Infinity) at epoch 1; lower the learning rate/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.code).toBe(1);
    const metrics = JSON.parse(readFileSync(join(cwd, 'r', 'metrics.json'), 'utf8'));
    expect(metrics).toMatchObject({ status: 'diverged', epochsCompleted: 0, history: { epoch: [] } });
    const weights = readNpz(readFileSync(join(cwd, 'r', 'checkpoint.npz')));
    expect(Object.values(weights).every((a) => Array.from(a.data as Float32Array).every(Number.isFinite))).toBe(true);
    expect(readFileSync(join(cwd, 'r', 'accuracy.svg'), 'utf8')).toMatch(/^<svg/);
  }, 120_000);

  it('--init and --checkpoint refuse weights holding NaN, naming the file and the array', async () => {
    const cwd = tempDir();
    const arrays = readNpz(readFileSync(join(SHARED, 'data/book-init/hidden-init.npz')));
    const w1 = Float32Array.from(arrays.W1?.data as Float32Array);
    w1[17] = Number.NaN;
    writeFileSync(
      join(cwd, 'nan.npz'),
      writeNpz({ ...arrays, W1: { dtype: 'float32', shape: [1296, 128], data: w1 } }),
    );
    const message = /nan\.npz: array 'W1' holds NaN at index 17; expected finite weights/;
    expectRefused(
      await runCli(['train', '--model', 'hidden', '--init', 'nan.npz', '--epochs', '1', '--out', 'r'], cwd),
      message,
    );
    expect(readdirSync(cwd)).toEqual(['nan.npz']);
    expectRefused(await runCli(['evaluate', '--checkpoint', 'nan.npz', '--data', BOOK_DATA], cwd), message);
    expectRefused(
      await runCli(['predict', '--checkpoint', 'nan.npz', '--data', BOOK_DATA, '--index', '0'], cwd),
      message,
    );
  }, 120_000);

  it('datasets with fewer validation images than classes are refused by train and evaluate', async () => {
    const cwd = tempDir();
    const glyphs = readNpz(readFileSync(BOOK_DATA)).arr_0?.data as Uint8Array;
    const dataset = (count: number) =>
      writeNpz({
        arr_0: { dtype: 'uint8', shape: [count, 36, 36], data: glyphs.slice(0, count * 1296) },
        arr_1: { dtype: 'uint8', shape: [count], data: Uint8Array.from({ length: count }, (_, i) => i % 5) },
      });
    writeFileSync(join(cwd, 'none.npz'), dataset(0));
    writeFileSync(join(cwd, 'nine.npz'), dataset(9));
    expectRefused(
      await runCli(['train', '--model', 'logistic', '--data', 'nine.npz', '--out', 'r'], cwd),
      /--data .*nine\.npz has 9 images, which leaves 0 for the book's validation split, fewer than its 5 classes/,
    );
    expectRefused(
      await runCli(['train', '--model', 'logistic', '--data', 'none.npz', '--out', 'r'], cwd),
      /--data .*none\.npz has 0 images, which leaves 0 for the book's validation split/,
    );
    const checkpoint = join(cwd, 'w.npz');
    writeFileSync(checkpoint, writeNpz(readNpz(readFileSync(join(SHARED, 'data/book-init/hidden-init.npz')))));
    expectRefused(
      await runCli(['evaluate', '--checkpoint', checkpoint, '--data', 'none.npz'], cwd),
      /--data .*none\.npz has 0 images, which leaves 0 for --subset all, fewer than its 5 classes/,
    );
    expectRefused(
      await runCli(['evaluate', '--checkpoint', checkpoint, '--data', 'nine.npz', '--subset', 'valid'], cwd),
      /nine\.npz has 9 images, which leaves 0 for --subset valid/,
    );
    expect(readdirSync(cwd).sort()).toEqual(['nine.npz', 'none.npz', 'w.npz']);
  }, 120_000);
});

describe('resources', () => {
  it('refuses a run that needs more memory than the machine has, naming the flag, before allocating it', async () => {
    const cwd = tempDir();
    // Copies enough that the float32 training images alone exceed the machine's memory.
    const copies = Math.ceil(totalmem() / (2511 * 1296 * 4));
    const result = await runCli(
      ['train', '--model', 'mlp', '--augment', String(copies), '--data', BOOK_DATA, '--out', 'r'],
      cwd,
      { timeoutMs: 60_000 },
    );
    expectRefused(
      result,
      new RegExp(
        `--augment ${copies}: this run needs about [\\d.]+ GB of memory \\([\\d.]+ GB for the training images\\), more than the [\\d.]+ GB this machine has; lower it`,
      ),
    );
    expect(readdirSync(cwd)).toEqual([]);
  }, 120_000);

  it('warns when --workers is above the number of cores, and still trains', async () => {
    const cwd = tempDir();
    const workers = availableParallelism() + 1;
    const args = ['train', '--model', 'logistic', '--epochs', '1', '--workers', String(workers), '--data', BOOK_DATA];
    const result = await runCli([...args, '--out', 'r', '--quiet'], cwd);
    expect(result.stderr).toMatch(
      new RegExp(`^typeflow: warning: --workers ${workers} is more than the ${availableParallelism()} cores here`),
    );
    expect(result.code).toBe(0);
  }, 120_000);
});

describe('a full disk', () => {
  it('is one line naming what ran out (exit 1); the run folder keeps its last save and no temporary file', async () => {
    // A 1 MB tmpfs in a private mount namespace: no root needed where user namespaces are allowed.
    const fixture = join(CLI_ROOT, 'test/fixtures/disk-full.ts');
    const namespace = ['unshare', '--user', '--map-root-user', '--mount'];
    const result = await runScript(fixture, [tempDir()], namespace);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { first, nearlyFull, newRun, full, freed } = JSON.parse(result.stdout);
    expect([first.code, first.epochsCompleted]).toEqual([0, 2]);
    const anySave = (files: string[]) => files.map((f) => f.replace(/saves\/\d+/, 'saves/N'));
    for (const [failed, writing] of [
      [nearlyFull, /writing \S+run \(ENOSPC\); it keeps its save of epoch 2: free some space, then --resume /],
      [full, /writing \S+run\/\.lock \(ENOSPC\)/],
    ]) {
      expect(failed.stderr).toMatch(/^typeflow: no space left on the device /);
      expect(failed.stderr).toMatch(writing);
      expect(failed.stderr.trim().split('\n')).toHaveLength(1);
      expect(failed.code).toBe(1);
      expect([failed.epochsCompleted, failed.status]).toEqual([2, 'complete']);
      expect(failed.files).toEqual(first.files); // no temporary file, no half-made save, no lock
    }
    // A new run whose first save does not fit leaves no folder.
    expect(newRun.stderr).toMatch(
      /^typeflow: no space left on the device writing \S+new \(ENOSPC\); free some space and start the run again\n$/,
    );
    expect([newRun.code, newRun.left]).toEqual([1, false]);
    expect([freed.code, freed.epochsCompleted, freed.status]).toEqual([0, 4, 'complete']);
    expect(anySave(freed.files)).toEqual(anySave(first.files));
  }, 300_000);
});
