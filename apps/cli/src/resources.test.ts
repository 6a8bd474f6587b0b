import { bookModel } from '@typeflow/nn';
import { setBackend } from '@typeflow/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMemory, checkWorkers, type RunShape, trainingMemory } from './resources.js';

const GB = 2 ** 30;
const shape = (copies: number, overrides: Partial<RunShape> = {}): RunShape => ({
  backend: 'cpu',
  trainImages: 2511 * (1 + copies),
  pixels: 1296,
  imagesFlag: `--augment ${copies}`,
  batchRows: 256,
  batchFlag: '--batch-size 256',
  workers: 1,
  ...overrides,
});

function verdict(run: RunShape, machine: { total: number; available: number }): string[] {
  const warnings: string[] = [];
  checkMemory(trainingMemory(run, bookModel('mlp')), run, machine, (line) => warnings.push(line));
  return warnings;
}

describe('memory estimate', () => {
  beforeAll(() => setBackend('cpu'));

  it('grows with the shifted copies, the batch and the workers', () => {
    const bytes = (run: RunShape) => trainingMemory(run, bookModel('cnn2')).reduce((n, p) => n + p.bytes, 0);
    expect(bytes(shape(12))).toBeGreaterThan(bytes(shape(0)));
    expect(bytes(shape(0, { batchRows: 2511 }))).toBeGreaterThan(bytes(shape(0)));
    expect(bytes(shape(0, { workers: 8 }))).toBeGreaterThan(bytes(shape(0)));
    expect(bytes(shape(0, { backend: 'wasm' }))).toBeGreaterThan(bytes(shape(0)));
  });

  it('passes quietly when the machine has room', () => {
    expect(verdict(shape(12), { total: 24 * GB, available: 20 * GB })).toEqual([]);
  });

  it('warns near the machine`s memory or past what is free now, naming the largest part`s flag', () => {
    const [near] = verdict(shape(750), { total: 24 * GB, available: 23 * GB });
    expect(near).toMatch(/^typeflow: warning: this run needs about [\d.]+ GB of memory .* \(lower --augment 750\)$/);
    expect(verdict(shape(100), { total: 24 * GB, available: 2 * GB })).toHaveLength(1);
  });

  it('refuses past the machine`s memory, naming the flag', () => {
    expect(() => verdict(shape(1000), { total: 8 * GB, available: 8 * GB })).toThrow(
      /^--augment 1000: this run needs about [\d.]+ GB of memory \([\d.]+ GB for the training images\), more than the 8\.0 GB this machine has; lower it$/,
    );
    expect(() =>
      verdict(shape(0, { batchRows: 10_000_000, batchFlag: '--batch-size 10000000' }), {
        total: 8 * GB,
        available: 8 * GB,
      }),
    ).toThrow(/^--batch-size 10000000: .* for the activations of a step\)/);
  });

  it('refuses training images past the wasm backend`s 4 GB of tensor memory', () => {
    expect(() => verdict(shape(300, { backend: 'wasm' }), { total: 1024 * GB, available: 1024 * GB })).toThrow(
      /^--augment 300: the training images take [\d.]+ GB as float32, more than the wasm backend's 4 GB/,
    );
  });
});

describe('workers', () => {
  it('warns when there are more workers than cores', () => {
    const warnings: string[] = [];
    checkWorkers(2, (line) => warnings.push(line), 2);
    expect(warnings).toEqual([]);
    checkWorkers(64, (line) => warnings.push(line), 2);
    expect(warnings).toEqual([
      'typeflow: warning: --workers 64 is more than the 2 cores here; the threads take turns and each step gets slower, not faster',
    ]);
  });
});
