import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { RunLock } from './run-lock.js';

const folder = () => mkdtempSync(join(tmpdir(), 'typeflow-lock-'));
const lockOf = (pid: number, host = hostname()) => `${JSON.stringify({ pid, host })}\n`;

/** A real process that sleeps until killed. */
async function sleeper() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  const end = async () => {
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    await closed; // reaped: the pid no longer exists
  };
  return { pid: child.pid as number, end };
}

describe('RunLock', () => {
  it('writes a lock naming this process and removes it on release', () => {
    const dir = folder();
    const lock = RunLock.acquire(dir, '--out');
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(lockOf(process.pid));
    lock.verify();
    lock.release();
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('refuses a folder locked by a live process, then takes the lock over once that process is dead', async () => {
    const dir = folder();
    const other = await sleeper();
    writeFileSync(join(dir, '.lock'), lockOf(other.pid));
    expect(() => RunLock.acquire(dir, '--resume')).toThrow(UsageError);
    expect(() => RunLock.acquire(dir, '--resume')).toThrow(
      new RegExp(`--resume ${dir} is in use by process ${other.pid}; wait for it to end`),
    );
    await other.end();
    const lock = RunLock.acquire(dir, '--resume');
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(lockOf(process.pid));
    lock.release();
  });

  it('refuses a lock of another host (its process cannot be checked), saying which file to delete', () => {
    const dir = folder();
    writeFileSync(join(dir, '.lock'), lockOf(12345, 'elsewhere'));
    expect(() => RunLock.acquire(dir, '--out')).toThrow(/in use by process 12345 on elsewhere; .* delete .*\.lock/);
  });

  it('takes over a lock it cannot read (no holder to ask)', () => {
    const dir = folder();
    writeFileSync(join(dir, '.lock'), 'not json');
    RunLock.acquire(dir, '--out').release();
  });

  it('verify refuses once another process has taken the lock', () => {
    const dir = folder();
    const lock = RunLock.acquire(dir, '--out');
    writeFileSync(join(dir, '.lock'), lockOf(process.pid + 1));
    expect(() => lock.verify()).toThrow(/no longer names this process/);
    lock.release(); // not ours any more: left in place
    expect(existsSync(join(dir, '.lock'))).toBe(true);
  });
});
