import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { buildProgram } from '../src/program.js';
import { resolveSettings } from '../src/settings.js';
import { runCli } from './run-cli.js';

/** Parses argv with the real program and recording actions: the options each command would receive. */
async function parse(argv: string[]): Promise<{ command: string; options: Record<string, unknown> } | Error> {
  let seen: { command: string; options: Record<string, unknown> } | undefined;
  const record = (command: string) => async (options: Record<string, unknown>) => {
    seen = { command, options };
    if (command === 'train') resolveSettings(options);
    return 0;
  };
  const program = buildProgram(
    { train: record('train'), evaluate: record('evaluate'), predict: record('predict'), dataset: record('dataset') },
    () => {},
  );
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return seen ?? new Error('no command ran');
  } catch (error) {
    return error as Error;
  }
}

const FLAGS = [
  '--model',
  '--recipe',
  '--epochs',
  '--lr',
  '--batch-size',
  '--optimizer',
  '--loss',
  '--backend',
  '--seed',
  '--eval-every',
  '--workers',
  '--data',
  '--out',
  '--json',
  '--quiet',
  '--bogus',
  '--',
  '-x',
];

describe('argument parsing', () => {
  it('turns valid flags into typed options', async () => {
    const parsed = await parse([
      'train',
      '--model',
      'hidden',
      '--epochs',
      '12',
      '--lr',
      '0.5',
      '--batch-size',
      'full',
      '--seed',
      '0',
    ]);
    expect(parsed).toMatchObject({
      command: 'train',
      options: { model: 'hidden', epochs: 12, lr: 0.5, batchSize: 'full', seed: 0 },
    });
  });

  it('refuses or accepts any argv with a typed error, never anything else (fuzzed)', async () => {
    const token = fc.oneof(
      fc.constantFrom(...FLAGS, 'train', 'evaluate', 'full', 'mlp', 'book'),
      fc.string({ maxLength: 6 }),
      fc.double().map(String),
      fc.integer().map(String),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 8 }), async (argv) => {
        const parsed = await parse(argv);
        if (parsed instanceof Error) {
          expect(
            parsed instanceof CommanderError || parsed instanceof UsageError || parsed.message === 'no command ran',
          ).toBe(true);
          return;
        }
        if (parsed.command !== 'train') return;
        const o = parsed.options;
        for (const key of ['epochs', 'evalEvery', 'workers'] as const)
          if (o[key] !== undefined) expect(Number.isInteger(o[key]) && (o[key] as number) > 0).toBe(true);
        if (o.lr !== undefined) expect((o.lr as number) > 0 && Number.isFinite(o.lr)).toBe(true);
        if (o.batchSize !== undefined)
          expect(o.batchSize === 'full' || (Number.isInteger(o.batchSize) && (o.batchSize as number) > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('--version', () => {
  it("prints @typeflow/cli's version and exits 0", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const result = await runCli(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
