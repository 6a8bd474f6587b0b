#!/usr/bin/env node
import { CommanderError } from 'commander';
import { datasetCommand } from './commands/dataset.js';
import { evaluateCommand } from './commands/evaluate.js';
import { exportCommand } from './commands/export.js';
import { predictCommand } from './commands/predict.js';
import { trainCommand } from './commands/train.js';
import { EXIT, failureReport, oneLine } from './errors.js';
import { buildProgram } from './program.js';

/** Runs the CLI: errors become one readable line and an exit code, never a stack trace. */
async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const actions = {
    train: trainCommand,
    evaluate: evaluateCommand,
    predict: predictCommand,
    dataset: datasetCommand,
    export: exportCommand,
  };
  const program = buildProgram(actions, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok; // --help, --version
      if (error.code === 'commander.help') {
        process.stderr.write(program.helpInformation());
        return EXIT.usage;
      }
      const hint =
        error.code === 'commander.missingArgument' || error.code === 'commander.unknownCommand'
          ? " (see 'typeflow --help')"
          : '';
      process.stderr.write(`typeflow: ${oneLine(error.message.replace(/^error: /, ''))}${hint}\n`);
      return EXIT.usage;
    }
    const { code: exitCode, text } = failureReport(error, Boolean(process.env.TYPEFLOW_DEBUG));
    process.stderr.write(text);
    return exitCode;
  }
}

// `pnpm --filter cli train -- --flags` passes the `--` through: it separates pnpm's flags, not ours.
const args = process.argv.slice(2);
process.exitCode = await main(
  args[1] === '--' ? [args[0] as string, ...args.slice(2)] : args[0] === '--' ? args.slice(1) : args,
);
