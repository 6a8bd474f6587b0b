#!/usr/bin/env node
// Runs the CLI from its TypeScript source (through tsx, with the workspace's `source` export
// condition), so a fresh clone needs no build step.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--conditions=source', '--import', tsx, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? (result.signal === 'SIGINT' ? 130 : 1));
