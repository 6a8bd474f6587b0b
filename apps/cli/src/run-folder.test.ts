import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunFolder } from './run-folder.js';

const parent = () => mkdtempSync(join(tmpdir(), 'typeflow-run-folder-'));
const read = (folder: string, name: string) => readFileSync(join(folder, name), 'utf8');
const entries = (folder: string) => readdirSync(folder).sort();

describe('RunFolder', () => {
  it('each save switches every file at once, and keeps only the current save', () => {
    const target = join(parent(), 'run');
    const folder = RunFolder.create(target);
    folder.save({ 'metrics.json': 'one', 'checkpoint.npz': 'weights one' });
    expect([read(target, 'metrics.json'), read(target, 'checkpoint.npz')]).toEqual(['one', 'weights one']);
    folder.save({ 'metrics.json': 'two', 'checkpoint.npz': 'weights two' });
    expect([read(target, 'metrics.json'), read(target, 'checkpoint.npz')]).toEqual(['two', 'weights two']);
    expect(readlinkSync(join(target, 'checkpoint.npz'))).toBe('current/checkpoint.npz');
    expect(readlinkSync(join(target, 'current'))).toBe('saves/2');
    expect(entries(join(target, 'saves'))).toEqual(['2']);
    folder.close();
    expect(entries(target)).toEqual(['checkpoint.npz', 'current', 'metrics.json', 'saves']);
  });

  it('a save that fails leaves the previous save current and nothing of its own', () => {
    const target = join(parent(), 'run');
    const folder = RunFolder.create(target);
    folder.save({ 'metrics.json': 'one' });
    // A file name that cannot be created (its folder does not exist) fails the save half-way.
    expect(() => folder.save({ 'metrics.json': 'two', 'no/such/folder': 'x' })).toThrow(/ENOENT/);
    expect(read(target, 'metrics.json')).toBe('one');
    expect(entries(join(target, 'saves'))).toEqual(['1']);
    folder.save({ 'metrics.json': 'three' });
    expect(read(target, 'metrics.json')).toBe('three');
    folder.close();
  });

  it('refuses a folder holding anything, takes an empty one, and one with only a dead run`s lock', () => {
    const dir = parent();
    mkdirSync(join(dir, 'full'));
    writeFileSync(join(dir, 'full', 'notes.txt'), 'mine');
    expect(() => RunFolder.create(join(dir, 'full'))).toThrow(/--out .*full already exists and is not empty/);
    expect(entries(join(dir, 'full'))).toEqual(['notes.txt']);
    mkdirSync(join(dir, 'empty'));
    RunFolder.create(join(dir, 'empty')).close();
    expect(existsSync(join(dir, 'empty'))).toBe(true); // the user's folder stays
    mkdirSync(join(dir, 'stale'));
    writeFileSync(join(dir, 'stale', '.lock'), JSON.stringify({ pid: 2 ** 30, host: hostname() }));
    mkdirSync(join(dir, 'stale', 'saves'));
    mkdirSync(join(dir, 'stale', 'saves', `.1.tmp-${2 ** 30}`));
    const folder = RunFolder.create(join(dir, 'stale'));
    folder.save({ 'metrics.json': 'one' });
    folder.close();
    expect(entries(join(dir, 'stale', 'saves'))).toEqual(['1']);
  });

  it('a new run that never saved leaves no folder behind', () => {
    const target = join(parent(), 'deeper', 'run');
    RunFolder.create(target).close();
    expect(existsSync(target)).toBe(false);
  });

  it('open removes what a killed process left: half-made saves, an unswitched save, temporary files', () => {
    const target = join(parent(), 'run');
    const first = RunFolder.create(target);
    first.save({ 'metrics.json': 'one', 'checkpoint.npz': 'weights one' });
    first.close();
    mkdirSync(join(target, 'saves', '.2.tmp-999999'));
    mkdirSync(join(target, 'saves', '3'));
    writeFileSync(join(target, '.checkpoint.npz.tmp-999999'), '');
    const folder = RunFolder.open(target);
    expect(folder.current).toBe(join(target, 'saves', '1'));
    expect(entries(join(target, 'saves'))).toEqual(['1']);
    expect(entries(target)).toEqual(['.lock', 'checkpoint.npz', 'current', 'metrics.json', 'saves']);
    folder.close();
  });

  it('opens a run folder of plain files (written before saves/) and turns its names into links', () => {
    const target = join(parent(), 'run');
    mkdirSync(target);
    writeFileSync(join(target, 'metrics.json'), 'old');
    writeFileSync(join(target, 'checkpoint.npz'), 'old weights');
    const folder = RunFolder.open(target);
    expect(folder.current).toBe(target);
    folder.save({ 'metrics.json': 'new', 'checkpoint.npz': 'new weights' });
    folder.close();
    expect([read(target, 'metrics.json'), read(target, 'checkpoint.npz')]).toEqual(['new', 'new weights']);
    expect(readlinkSync(join(target, 'metrics.json'))).toBe('current/metrics.json');
  });

  it('refuses to resume a folder that holds no run', () => {
    expect(() => RunFolder.open(parent())).toThrow(/--resume .* is not a run folder \(no metrics.json\)/);
  });
});
