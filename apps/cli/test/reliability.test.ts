import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpz } from '@typeflow/data';
import { describe, expect, it } from 'vitest';
import {
  BOOK_DATA,
  CLI_ROOT,
  collect,
  RUN_FOLDER_ENTRIES,
  runCli,
  runFolderEntries,
  startCli,
  tempDir,
  until,
} from './run-cli.js';

describe('reliability', () => {
  it('a diverging run stops naming the epoch, keeps finite weights, exits 1', async () => {
    const cwd = tempDir();
    const result = await runCli(
      [
        'train',
        '--model',
        'logistic',
        '--recipe',
        'book',
        '--loss',
        'softmax',
        '--lr',
        '1e38',
        '--epochs',
        '20',
        '--out',
        'r',
        '--quiet',
      ],
      cwd,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the loss became NaN at epoch 2; lower the learning rate/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    const metrics = JSON.parse(readFileSync(join(cwd, 'r', 'metrics.json'), 'utf8'));
    expect(metrics.status).toBe('diverged');
    expect(metrics.epochsCompleted).toBe(1);
    const weights = readNpz(readFileSync(join(cwd, 'r', 'checkpoint.npz')));
    expect(Array.from((weights.W?.data ?? []) as Float32Array).every(Number.isFinite)).toBe(true);
    const resumed = await runCli(['train', '--resume', join(cwd, 'r')]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/that run diverged/);
  }, 120_000);

  it('the same seed gives the same metrics twice on each backend', async () => {
    for (const backend of ['wasm', 'cpu']) {
      const args = [
        'train',
        '--model',
        'logistic',
        '--epochs',
        '3',
        '--backend',
        backend,
        '--seed',
        '7',
        '--quiet',
        '--data',
        BOOK_DATA,
      ];
      const dir = tempDir();
      const [a, b] = await Promise.all([
        runCli([...args, '--out', join(dir, 'a')]),
        runCli([...args, '--out', join(dir, 'b')]),
      ]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const read = (run: string) => JSON.parse(readFileSync(join(dir, run, 'metrics.json'), 'utf8'));
      // Everything but the wall-clock times of the evaluations.
      const learned = (run: string) => {
        const { seconds, ...history } = read(run).history;
        expect(seconds).toHaveLength(history.epoch.length);
        return history;
      };
      expect(learned('b')).toEqual(learned('a'));
      expect(read('b').confusion).toEqual(read('a').confusion);
    }
  }, 300_000);

  it('two runs started on the same --out at once: one wins, the other says so and loses nothing', async () => {
    const cwd = tempDir();
    const args = ['train', '--model', 'logistic', '--epochs', '2', '--out', 'same', '--quiet'];
    const [a, b] = await Promise.all([runCli(args, cwd), runCli(args, cwd)]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 2]);
    const loser = a.code === 2 ? a : b;
    expect(loser.stderr).toMatch(/--out \S+same (is in use by process \d+|already exists and is not empty)/);
    expect(JSON.parse(readFileSync(join(cwd, 'same', 'metrics.json'), 'utf8')).status).toBe('complete');
    expect(readdirSync(cwd)).toEqual(['same']);
  }, 120_000);

  it('SIGKILL while a checkpoint is being saved leaves the previous checkpoint intact and loadable', async () => {
    const dir = tempDir();
    const target = join(dir, 'checkpoint.npz');
    for (const delay of [150, 400, 700, 1100]) {
      const script = join(CLI_ROOT, 'test/fixtures/save-loop.ts');
      const child = spawn(
        process.execPath,
        ['--conditions=source', '--import', import.meta.resolve('tsx'), script, target],
        {
          cwd: CLI_ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      // Wait until a first checkpoint exists, then kill at some moment of a later save.
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('close', (code) => reject(new Error(`save-loop exited early with ${code}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      const arrays = readNpz(readFileSync(target), { file: target });
      const values = arrays.W?.data as Float32Array;
      expect(values.length).toBe(2048 * 1024);
      expect(values.every((v) => v === values[0])).toBe(true); // one whole version, never a mix
    }
    expect(existsSync(target)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.npz'))).toEqual(['checkpoint.npz']);
  }, 120_000);

  it('a new run killed by SIGKILL is resumable by the name it was given, with nothing hidden beside it', async () => {
    const cwd = tempDir();
    const args = ['train', '--model', 'hidden', '--recipe', 'book', '--epochs', '1000000', '--data', BOOK_DATA];
    const child = startCli([...args, '--out', 'r', '--quiet'], cwd);
    const closed = collect(child);
    await until(() => existsSync(join(cwd, 'r', 'metrics.json')), child);
    child.kill('SIGKILL');
    await closed;
    expect(readdirSync(cwd)).toEqual(['r']);
    const saved = JSON.parse(readFileSync(join(cwd, 'r', 'metrics.json'), 'utf8'));
    expect(saved.status).toBe('running');
    const resumed = await runCli(
      ['train', '--resume', 'r', '--epochs', String(saved.epochsCompleted + 3), '--quiet'],
      cwd,
    );
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(cwd, 'r', 'metrics.json'), 'utf8'));
    expect([metrics.status, metrics.epochsCompleted]).toEqual(['complete', saved.epochsCompleted + 3]);
    expect(runFolderEntries(join(cwd, 'r'))).toEqual({ entries: RUN_FOLDER_ENTRIES, saves: [expect.any(String)] });
  }, 120_000);

  it('a second process on a run folder is refused while the first works on it; a dead one`s lock is taken over', async () => {
    const cwd = tempDir();
    const args = ['train', '--model', 'logistic', '--recipe', 'book', '--data', BOOK_DATA, '--quiet'];
    expect((await runCli([...args, '--epochs', '2', '--out', 'r'], cwd)).code).toBe(0);
    const first = startCli(['train', '--resume', 'r', '--epochs', '100000000', '--quiet'], cwd);
    const closed = collect(first);
    const lock = join(cwd, 'r', '.lock');
    try {
      await until(() => existsSync(lock), first);
      expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(first.pid);
      for (const second of [
        ['train', '--resume', 'r', '--epochs', '5'],
        [...args, '--epochs', '5', '--out', 'r'],
      ]) {
        const refused = await runCli(second, cwd);
        expect(refused.stderr).toMatch(
          new RegExp(`^typeflow: --(resume|out) \\S+r is in use by process ${first.pid}; wait for it to end`),
        );
        expect(refused.stderr.trim().split('\n')).toHaveLength(1);
        expect(refused.code).toBe(2);
      }
    } finally {
      first.kill('SIGKILL');
    }
    await closed;
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(first.pid); // stale: its process is gone
    // The killed run's last save (epoch 2, or a later minute snapshot) is continued 3 epochs further.
    const done = JSON.parse(readFileSync(join(cwd, 'r', 'metrics.json'), 'utf8')).epochsCompleted;
    const third = await runCli(['train', '--resume', 'r', '--epochs', String(done + 3), '--quiet'], cwd);
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'r', 'metrics.json'), 'utf8')).epochsCompleted).toBe(done + 3);
    expect(runFolderEntries(join(cwd, 'r'))).toEqual({ entries: RUN_FOLDER_ENTRIES, saves: [expect.any(String)] });
  }, 120_000);
});
