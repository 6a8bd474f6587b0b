import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
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

// A deterministic run (full batch, fixed seed, one backend): a run of 6 epochs resumed to 10 must end
// with exactly the weights of a run of 10 epochs.
const RUN = ['train', '--model', 'logistic', '--recipe', 'book', '--data', BOOK_DATA, '--eval-every', '2', '--quiet'];
const KILLS = 20;
// TYPEFLOW_TEST_SAVE_STEP_MS pauses the CLI this long after each step of a save, so the test sees each
// step happen and kills the process at a random instant before the next one.
const STEP_MS = 60;

/**
 * How far the resumed run's save (number 3: the 6-epoch run made saves 1 and 2) has got: 0 not begun,
 * 1 staging folder made, 2..9 that many files written into it, 10 renamed to saves/3, 11 `current`
 * switched to it, 12 saves/2 removed. -1 while a step changes what is read.
 */
function saveProgress(run: string): number {
  try {
    const saves = readdirSync(join(run, 'saves'));
    const staging = saves.find((name) => name.startsWith('.3.tmp-'));
    if (staging !== undefined) return 1 + readdirSync(join(run, 'saves', staging)).length;
    if (!saves.includes('3')) return 0;
    if (readlinkSync(join(run, 'current')) !== 'saves/3') return 10;
    return saves.includes('2') ? 11 : 12;
  } catch {
    return -1;
  }
}

describe('SIGKILL during a save', () => {
  it(`${KILLS} kills at random instants of a resumed run's save: each leaves the old or the new state, and --resume ends bit-identical`, async () => {
    const dir = tempDir();
    const [whole, stopped] = await Promise.all([
      runCli([...RUN, '--epochs', '10', '--out', join(dir, 'whole')]),
      runCli([...RUN, '--epochs', '6', '--out', join(dir, 'at6')]),
    ]);
    expect([whole.code, stopped.code]).toEqual([0, 0]);
    const reference = readFileSync(join(dir, 'whole', 'checkpoint.npz'));
    const at6 = readFileSync(join(dir, 'at6', 'checkpoint.npz'));

    const steps: number[] = [];
    const killOnce = async (k: number): Promise<'old' | 'new'> => {
      const run = join(dir, `kill-${k}`);
      cpSync(join(dir, 'at6'), run, { recursive: true, verbatimSymlinks: true });
      const child = startCli(['train', '--resume', run, '--epochs', '10', '--quiet'], CLI_ROOT, {
        env: { TYPEFLOW_TEST_SAVE_STEP_MS: String(STEP_MS) },
      });
      const closed = collect(child);
      // Kill k comes in step 1 + k % 12 of the save (or, if the poll was late, a later one), at a
      // random instant of its pause: every step is hit at least once.
      const target = 1 + (k % 12);
      let reached = 0;
      await until(() => {
        reached = saveProgress(run);
        return reached >= target;
      }, child);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * STEP_MS));
      child.kill('SIGKILL');
      await closed;
      steps[k] = reached;

      // Whatever the instant, the run folder holds one whole state: epoch 6 with its weights, or 10 with its.
      const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
      const checkpoint = readFileSync(join(run, 'checkpoint.npz'));
      const state = metrics.epochsCompleted === 6 ? 'old' : 'new';
      expect(checkpoint.equals(state === 'old' ? at6 : reference), `kill ${k}: ${metrics.epochsCompleted}`).toBe(true);
      expect(metrics.epochsCompleted).toBe(state === 'old' ? 6 : 10);

      const resumed = await runCli(['train', '--resume', run, '--epochs', '10', '--quiet']);
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      const finished = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
      expect([finished.status, finished.epochsCompleted]).toEqual(['complete', 10]);
      expect(readFileSync(join(run, 'checkpoint.npz')).equals(reference), `kill ${k}`).toBe(true);
      expect(runFolderEntries(run)).toEqual({ entries: RUN_FOLDER_ENTRIES, saves: [expect.any(String)] });
      expect(existsSync(join(run, '.lock'))).toBe(false);
      return state;
    };

    // Two at a time: each kill is one CLI start and each resume another.
    const states: ('old' | 'new')[] = [];
    for (let k = 0; k < KILLS; k += 2) states.push(...(await Promise.all([killOnce(k), killOnce(k + 1)])));
    expect(states).toHaveLength(KILLS);
    // The kills spread over the save's steps; those before the switch of `current` (step 11) left
    // the old state, those after it the new one.
    expect(new Set(steps).size, `steps reached: ${steps}`).toBeGreaterThanOrEqual(6);
    expect(states).toContain('old');
    expect(states).toContain('new');
  }, 900_000);
});
