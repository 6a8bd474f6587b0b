import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOK_DATA, runCli, tempDir } from './run-cli.js';

describe('soak', () => {
  it('a 2,000-epoch book-MLP run keeps tensor count and resident memory flat', async () => {
    const cwd = tempDir();
    const args = [
      'train',
      '--model',
      'mlp',
      '--recipe',
      'book',
      '--epochs',
      '2000',
      '--eval-every',
      '100',
      '--data',
      BOOK_DATA,
      '--out',
      'r',
      '--quiet',
    ];
    const result = await runCli(args, cwd);
    expect(result.code).toBe(0);
    const { memory } = JSON.parse(readFileSync(join(cwd, 'r', 'metrics.json'), 'utf8'));
    expect(memory.map((m: { epoch: number }) => m.epoch)).toEqual([1000, 2000]);
    expect(memory[1].numTensors).toBe(memory[0].numTensors);
    // Resident memory moves with the allocator and the GC; a leak of one [2511 x 128] activation per
    // epoch would add 1.2 GB over 1,000 epochs. Flat here means within 10% of the first sample.
    expect(memory[1].rssBytes).toBeLessThan(memory[0].rssBytes * 1.1);
  }, 600_000);
});
