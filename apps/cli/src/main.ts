import { CommanderError } from 'commander';
import { datasetCommand } from './commands/dataset.js';
import { evaluateCommand } from './commands/evaluate.js';
import { predictCommand } from './commands/predict.js';
import { trainCommand } from './commands/train.js';
import { EXIT, isInputError, oneLine, resourceFault } from './errors.js';
import { buildProgram } from './program.js';

/** Runs the CLI: errors become one readable line and an exit code, never a stack trace. */
async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const actions = { train: trainCommand, evaluate: evaluateCommand, predict: predictCommand, dataset: datasetCommand };
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
    const exhausted = resourceFault(error);
    if (exhausted !== undefined) {
      process.stderr.write(`typeflow: ${exhausted}\n`);
      return EXIT.failed;
    }
    if (isInputError(error)) {
      process.stderr.write(`typeflow: ${oneLine(error)}\n`);
      return EXIT.usage;
    }
    const details = process.env.TYPEFLOW_DEBUG
      ? `\n${(error as Error).stack}`
      : ' (a bug in typeflow: please report it with the output of the same command run with TYPEFLOW_DEBUG=1)';
    process.stderr.write(`typeflow: internal error: ${oneLine(error)}${details}\n`);
    return EXIT.failed;
  }
}

// `pnpm --filter cli train -- --flags` passes the `--` through: it separates pnpm's flags, not ours.
const args = process.argv.slice(2);
process.exitCode = await main(
  args[1] === '--' ? [args[0] as string, ...args.slice(2)] : args[0] === '--' ? args.slice(1) : args,
);
