import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpz } from '@typeflow/data';
import { describe, expect, it } from 'vitest';
import { BOOK_DATA, collect, runCli, startCli, tempDir } from './run-cli.js';

// A deterministic run (full batch, fixed seed, same backend): interrupted and resumed, it must end with
// exactly the weights of an uninterrupted run.
const RUN = ['train', '--model', 'hidden', '--recipe', 'book', '--epochs', '60', '--eval-every', '5', '--seed', '3'];

describe('Ctrl-C and --resume', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s stops after the current step, saves, exits %i, and --resume finishes bit-identically',
    async (signal, exitCode) => {
      const dir = tempDir();
      const whole = await runCli([...RUN, '--out', join(dir, 'whole'), '--quiet']);
      expect(whole.code).toBe(0);

      const child = startCli([...RUN, '--out', join(dir, 'cut')]);
      let sent = false;
      child.stderr?.on('data', (chunk: Buffer) => {
        // Interrupt once training has visibly started (the first progress line).
        if (!sent && /epoch \d+\/60/.test(chunk.toString())) {
          sent = true;
          child.kill(signal);
        }
      });
      const cut = await collect(child);
      expect(cut.code).toBe(exitCode);
      expect(cut.stderr).toMatch(/stopped after epoch (\d+); resume with: pnpm --filter cli train -- --resume /);
      const stopped = JSON.parse(readFileSync(join(dir, 'cut', 'metrics.json'), 'utf8'));
      expect(stopped.status).toBe('stopped');
      expect(stopped.epochsCompleted).toBeLessThan(60);

      const resumed = await runCli(['train', '--resume', join(dir, 'cut'), '--quiet']);
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      const finished = JSON.parse(readFileSync(join(dir, 'cut', 'metrics.json'), 'utf8'));
      const reference = JSON.parse(readFileSync(join(dir, 'whole', 'metrics.json'), 'utf8'));
      expect(finished.status).toBe('complete');
      expect(finished.epochsCompleted).toBe(60);
      expect(finished.history.trainAcc.at(-1)).toBe(reference.history.trainAcc.at(-1));
      // The resumed part's timings continue the stopped part's.
      expect(finished.history.seconds).toHaveLength(finished.history.epoch.length);
      expect([...finished.history.seconds].sort((a, b) => a - b)).toEqual(finished.history.seconds);
      expect(
        readFileSync(join(dir, 'cut', 'checkpoint.npz')).equals(readFileSync(join(dir, 'whole', 'checkpoint.npz'))),
      ).toBe(true);
    },
    300_000,
  );

  it('--resume continues Adam exactly: its moments and step count are restored by parameter', async () => {
    const dir = tempDir();
    const run = ['train', '--model', 'hidden', '--data', BOOK_DATA, '--schedule', 'constant', '--seed', '3', '--quiet'];
    const whole = await runCli([...run, '--epochs', '4', '--out', join(dir, 'whole')]);
    expect(whole.code).toBe(0);
    const half = await runCli([...run, '--epochs', '2', '--out', join(dir, 'half')]);
    expect(half.code).toBe(0);
    const resumed = await runCli(['train', '--resume', join(dir, 'half'), '--epochs', '4', '--quiet']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const optimizer = readNpz(readFileSync(join(dir, 'half', 'optimizer.npz')));
    expect(Object.keys(optimizer).sort()).toEqual([
      '__steps__',
      'm:W1',
      'm:W2',
      'm:b1',
      'm:b2',
      'v:W1',
      'v:W2',
      'v:b1',
      'v:b2',
    ]);
    expect(
      readFileSync(join(dir, 'half', 'checkpoint.npz')).equals(readFileSync(join(dir, 'whole', 'checkpoint.npz'))),
    ).toBe(true);
  }, 300_000);

  it('refuses to resume a folder that is not a run, and flags that would change the run', async () => {
    const dir = tempDir();
    const notRun = await runCli(['train', '--resume', dir]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/is not a run folder/);
    const done = await runCli(['train', '--model', 'logistic', '--epochs', '2', '--out', join(dir, 'r'), '--quiet']);
    expect(done.code).toBe(0);
    const changed = await runCli(['train', '--resume', join(dir, 'r'), '--lr', '0.5']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/drop --lr/);
  }, 120_000);
});
