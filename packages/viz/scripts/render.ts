/**
 * Renders SVG files (e.g. a training run's plots) to PNG through headless Chromium:
 *   pnpm --filter @typeflow/viz render -- <in.svg> <out.png> [<in.svg> <out.png> ...]
 * The README's pictures from real training runs are made this way (see the README for the runs).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium, renderSvg } from '../test/chromium.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: render.ts <in.svg> <out.png> [<in.svg> <out.png> ...]');
  process.exit(2);
}
const base = process.env.INIT_CWD ?? process.cwd();
const browser = await launchChromium();
try {
  for (let i = 0; i < args.length; i += 2) {
    const [input, output] = [resolve(base, args[i] as string), resolve(base, args[i + 1] as string)];
    const rendered = await renderSvg(browser, readFileSync(input, 'utf8'));
    if (rendered.errors.length > 0) throw new Error(`${input}: ${rendered.errors.join('; ')}`);
    writeFileSync(`${output}.tmp`, rendered.png);
    renameSync(`${output}.tmp`, output);
    console.log(`${output}`);
  }
} finally {
  await browser.close();
}
