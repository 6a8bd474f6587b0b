import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportOnnx, exportTfjs } from '@typeflow/export';
import { bookModel, loadCheckpoint, saveCheckpoint } from '@typeflow/nn';
import { setBackend } from '@typeflow/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './fixtures/custom-model.js';
import { BOOK_DATA, runCli, tempDir } from './run-cli.js';

describe('export', () => {
  const dir = tempDir();
  const run = join(dir, 'run');
  let classNames: string[];
  beforeAll(async () => {
    const trained = await runCli([
      'train',
      '--model',
      'cnn',
      '--epochs',
      '1',
      '--workers',
      '1',
      '--data',
      BOOK_DATA,
      '--out',
      run,
      '--quiet',
    ]);
    expect(trained.code).toBe(0);
    classNames = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')).classNames;
    await setBackend('cpu');
  }, 300_000);

  /** What the library writes for the run's model, to compare the command's files with. */
  async function expected(names?: string[]) {
    const model = bookModel('cnn');
    await loadCheckpoint(join(run, 'checkpoint.npz'), model);
    return { onnx: exportOnnx(model, { classNames: names }), tfjs: exportTfjs(model, { classNames: names }) };
  }

  it("writes a run's model as ONNX, with the run's class names", async () => {
    const out = join(dir, 'fonts.onnx');
    const result = await runCli(['export', '--checkpoint', run, '--format', 'onnx', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `wrote ${out}: cnn as ONNX (opset 13); input [batch, 1296] float32, output the probabilities of 5 classes\n`,
    );
    expect(new Uint8Array(readFileSync(out))).toEqual((await expected(classNames)).onnx);
    expect(readFileSync(out).includes(JSON.stringify(classNames))).toBe(true);
  }, 60_000);

  it('writes a bare checkpoint as a TensorFlow.js folder, inferring the model, with --class-names', async () => {
    const out = join(dir, 'tfjs', 'fonts');
    const names = ['a', 'b', 'c', 'd', 'e'];
    const args = ['export', '--checkpoint', join(run, 'checkpoint.npz'), '--format', 'tfjs', '--out', out];
    const result = await runCli([...args, '--class-names', names.join(',')]);
    expect(result.code).toBe(0);
    const { tfjs } = await expected(names);
    expect(readdirSync(out).sort()).toEqual(['model.json', 'weights.bin']);
    expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe(tfjs['model.json']);
    expect(new Uint8Array(readFileSync(join(out, 'weights.bin')))).toEqual(tfjs['weights.bin']);

    const refused = await runCli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `typeflow: --out ${out} already exists; choose another path or add --force to replace it\n`,
    );
    writeFileSync(join(out, 'stale.txt'), 'from before');
    const forced = await runCli([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['model.json', 'weights.bin']);
    expect(readdirSync(join(dir, 'tfjs'))).toEqual(['fonts']); // no staging or old folder left behind
  }, 60_000);

  it('refuses a model with a layer the format cannot express: exit 2, one line naming the layer', async () => {
    const checkpoint = join(dir, 'custom.npz');
    await saveCheckpoint(checkpoint, build());
    const fixture = join(import.meta.dirname, 'fixtures', 'custom-model.ts');
    for (const format of ['onnx', 'tfjs']) {
      const out = join(dir, `custom-${format}`);
      const result = await runCli([
        'export',
        '--checkpoint',
        checkpoint,
        '--model',
        `${fixture}#build`,
        '--format',
        format,
        '--out',
        out,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^typeflow: export(Onnx|Tfjs): argument 'model\.layers\[1\]' expected a layer it can express \(Dense, .*\), got 'swish', a layer of another kind \(a custom layer\?\)\n$/,
      );
      expect(existsSync(out)).toBe(false);
    }
  }, 60_000);

  it.each([
    [
      ['--format', 'keras'],
      /^typeflow: option '--format <format>' argument 'keras' is invalid\. Allowed choices are onnx, tfjs\.\n$/,
    ],
    [
      ['--format', 'onnx', '--model', 'resnet'],
      /^typeflow: --model expected a book model \(logistic, hidden, mlp, cnn, cnn2\) or file#function/,
    ],
    [
      ['--format', 'onnx', '--model', 'mlp'],
      /^typeflow: restoreCheckpoint: argument 'W1' expected shape \[1296, 128\]/,
    ],
    [['--format', 'onnx', '--class-names', 'a,b'], /^typeflow: exportOnnx: argument 'classNames' expected 5 strings/],
  ])(
    'refuses bad input with exit 2 and one line: %s',
    async (flags, message) => {
      const out = join(dir, 'never.onnx');
      const result = await runCli(['export', '--checkpoint', run, '--out', out, ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    },
    60_000,
  );

  it('refuses a checkpoint that does not exist and a folder that is not a run', async () => {
    const missing = await runCli([
      'export',
      '--checkpoint',
      join(dir, 'nope'),
      '--format',
      'onnx',
      '--out',
      join(dir, 'x.onnx'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`typeflow: --checkpoint ${join(dir, 'nope')} does not exist\n`);
    const notRun = await runCli([
      'export',
      '--checkpoint',
      tempDir(),
      '--format',
      'onnx',
      '--out',
      join(dir, 'x.onnx'),
    ]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/is a folder but not a run folder \(no readable metrics\.json\)\n$/);
  }, 60_000);
});
