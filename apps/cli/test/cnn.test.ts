import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOK_DATA, runCli, tempDir } from './run-cli.js';

describe('the CNN models in the CLI', () => {
  it.each(['cnn', 'cnn2'])(
    '%s trains, pictures its filters, and evaluate recognizes its checkpoint',
    async (model) => {
      const dir = tempDir();
      const trained = await runCli([
        'train',
        '--model',
        model,
        '--epochs',
        '1',
        '--data',
        BOOK_DATA,
        '--out',
        join(dir, 'run'),
        '--save',
        join(dir, 'w.npz'),
        '--quiet',
      ]);
      expect(trained.stderr).toBe('');
      expect(trained.code).toBe(0);
      expect(readFileSync(join(dir, 'run', 'weights.svg'), 'utf8')).toMatch(/First-layer convolution filters/);
      const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8'));
      expect(metrics).toMatchObject({ model, recipe: 'fast', schedule: 'cosine' });
      const evaluated = await runCli([
        'evaluate',
        '--checkpoint',
        join(dir, 'w.npz'),
        '--data',
        BOOK_DATA,
        '--subset',
        'valid',
        '--json',
      ]);
      expect(evaluated.code).toBe(0);
      const result = JSON.parse(evaluated.stdout);
      expect(result.model).toBe(model);
      // Dropout is off when evaluating, as in the training run's own evaluation.
      expect(result.accuracy).toBe(metrics.final.validAcc);
    },
    300_000,
  );
});
