import { Command, Option } from 'commander';
import { cliVersion } from './invocation.js';
import { batchSize, commaList, nonNegativeInteger, positiveInteger, positiveNumber } from './option-parsers.js';

/** What each command does with its parsed options; resolves to the process exit code. */
export interface Actions {
  // biome-ignore lint/suspicious/noExplicitAny: commander hands each action its parsed options object
  readonly [command: string]: (options: any) => Promise<number>;
}

/**
 * The `typeflow` command line: commands, flags and their parsers. The actions are passed in, so the
 * parsing can be tested (and fuzzed) without running anything.
 */
export function buildProgram(actions: Actions, setExitCode: (code: number) => void): Command {
  const run = (name: string) => async (options: unknown) =>
    setExitCode(await (actions[name] as Actions[string])(options));
  const program = new Command('typeflow')
    .description(
      'Train, evaluate and use font classifiers from "Hands-On Deep Learning with TensorFlow", in TypeScript.',
    )
    .version(cliVersion(), '-V, --version', 'print the version of typeflow')
    .showHelpAfterError(false)
    .configureOutput({ writeErr: () => {} }) // errors are printed by main as one line
    .exitOverride();

  program
    .command('train')
    .description('train a model and write a run folder (metrics.json, plots, checkpoint.npz, index.html)')
    .addOption(new Option('--model <name>', 'the book model').choices(['logistic', 'hidden', 'mlp', 'cnn', 'cnn2']))
    .addOption(
      new Option(
        '--recipe <name>',
        "'book' reproduces the book's run; 'fast' is the best modern recipe (default)",
      ).choices(['book', 'fast']),
    )
    .option('--epochs <n>', "epochs to train (default: the recipe's)", positiveInteger)
    .option('--lr <rate>', "learning rate (default: the recipe's)", positiveNumber)
    .addOption(
      new Option('--schedule <name>', "learning rate over the epochs: 'constant' or 'cosine' decay").choices([
        'constant',
        'cosine',
      ]),
    )
    .option('--batch-size <n|full>', "examples per step, or 'full' for the whole training set", batchSize)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(['sgd', 'momentum', 'adam']))
    .addOption(
      new Option('--loss <name>', "'book' (softmax twice, as the book) or 'softmax' (on logits)").choices([
        'book',
        'softmax',
      ]),
    )
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu']))
    .option('--data <npz>', "a dataset in the book's layout (default: the built-in generated fonts)")
    .option(
      '--fonts <font...>',
      'render a dataset from these fonts, one class each: font files (.ttf .otf .woff .woff2), built-in families or installed fonts by name',
    )
    .option('--characters <chars>', "the characters to render with --fonts (default the book's 62: 0-9A-Za-z)")
    .addOption(
      new Option('--split <mode>', "validation split: 'numpy' = np.random.seed(seed); permutation; first 10%").choices([
        'numpy',
      ]),
    )
    .option(
      '--seed <n>',
      'seed of the split, the initial weights and the minibatch order (default 0)',
      nonNegativeInteger,
    )
    .option(
      '--augment <copies>',
      'add this many copies of each training image, shifted by up to 2 px (0 = none)',
      nonNegativeInteger,
    )
    .option('--eval-every <n>', 'epochs between accuracy evaluations', positiveInteger)
    .option('--workers <n>', 'threads sharing each step (default: all cores; 1 = no worker threads)', positiveInteger)
    .option('--init <npz>', 'start from these weights (book names: W, b or W1, b1, ...)')
    .option('--save <npz>', 'also write the final weights here')
    .option('--out <dir>', 'the run folder (default runs/<model>-<time>)')
    .option('--resume <dir>', 'continue a stopped run folder (to --epochs, default its own)')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--quiet', 'no progress or summary')
    .action(run('train'));

  program
    .command('evaluate')
    .description('accuracy and confusion matrix of a checkpoint on a dataset')
    .requiredOption('--checkpoint <npz>', 'weights (book names); the model is inferred from them')
    .option('--data <npz>', 'dataset (default: the built-in generated fonts)')
    .option(
      '--fonts <font...>',
      'render a dataset from these fonts, one class each: font files (.ttf .otf .woff .woff2), built-in families or installed fonts by name',
    )
    .option('--characters <chars>', "the characters to render with --fonts (default the book's 62: 0-9A-Za-z)")
    .addOption(new Option('--subset <part>', 'which images').choices(['all', 'train', 'valid']).default('all'))
    .option('--seed <n>', 'seed of the numpy split for --subset train|valid', nonNegativeInteger, 0)
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu']).default('wasm'))
    .option('--json', 'print the result as JSON')
    .action(run('evaluate'));

  program
    .command('predict')
    .description('class probabilities for one glyph: a 36x36 PNG (dark ink on light paper) or a dataset index')
    .requiredOption('--checkpoint <npz>', 'weights (book names)')
    .option('--image <png>', 'a 36x36 PNG of one glyph')
    .option('--index <n>', 'an image index in --data', nonNegativeInteger)
    .option(
      '--data <npz>',
      'dataset for --index, and whose class names to print (default: the built-in generated fonts)',
    )
    .option(
      '--fonts <font...>',
      'render a dataset from these fonts, one class each: font files (.ttf .otf .woff .woff2), built-in families or installed fonts by name',
    )
    .option('--characters <chars>', "the characters to render with --fonts (default the book's 62: 0-9A-Za-z)")
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu']).default('wasm'))
    .option('--json', 'print the result as JSON')
    .action(run('predict'));

  program
    .command('export')
    .description('write a trained model as ONNX or as a TensorFlow.js layers model, outputting probabilities')
    .requiredOption(
      '--checkpoint <run|npz>',
      'a run folder (model and class names from its metrics.json) or weights (book names)',
    )
    .addOption(
      new Option('--format <format>', "'onnx' (one .onnx file) or 'tfjs' (a folder: model.json, weights.bin)")
        .choices(['onnx', 'tfjs'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <path>', 'the .onnx file or the TensorFlow.js folder to write')
    .option(
      '--model <name|file#function>',
      "a book model, or a module exporting a function that builds your Sequential (default: the run's, or inferred from the weights)",
    )
    .option('--class-names <names>', "comma-separated, one per class (default: the run's, else 0, 1, ...)", commaList)
    .option('--force', 'replace --out if it exists')
    .action(run('export'));

  program
    .command('dataset')
    .description('write a generated dataset (.npz: the built-in fonts, or --fonts) or a montage of a dataset (.svg)')
    .requiredOption('--out <file>', 'a .npz or .svg file')
    .option('--data <npz>', 'montage this dataset instead of the built-in one (.svg only)')
    .option(
      '--fonts <font...>',
      'render a dataset from these fonts, one class each: font files (.ttf .otf .woff .woff2), built-in families or installed fonts by name',
    )
    .option('--characters <chars>', "the characters to render with --fonts (default the book's 62: 0-9A-Za-z)")
    .option('--force', 'replace --out if it exists')
    .action(run('dataset'));

  return program;
}
