import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END, newestBench, README, ROOT, renderFigures, START } from './figures.js';

const readme = readFileSync(README, 'utf8');

describe('the README', () => {
  it('is a front door of at most 150 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
  });

  it('opens with the two commands', () => {
    const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => m[2]?.trim());
    expect(blocks.slice(0, 2)).toEqual([
      'npm install -g pnpm@12.4.2 && pnpm install && pnpm --filter cli train',
      'pnpm test',
    ]);
  });

  it('shows examples/fit-book-data.mjs as it is (the consumer test runs that file)', () => {
    const example = readFileSync(join(ROOT, 'examples/fit-book-data.mjs'), 'utf8');
    expect(readme).toContain(`\`\`\`js\n${example}\`\`\``);
  });

  it('quotes the headline figures of the newest bench result as `pnpm readme:figures` writes them', () => {
    const section = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(section).toBe(renderFigures(newestBench()));
  });
});
