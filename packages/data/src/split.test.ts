import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { split } from './split.js';
import { NUMPY_PERMUTATIONS } from './test-paths.js';

const numpy = JSON.parse(readFileSync(NUMPY_PERMUTATIONS, 'utf8')) as Record<string, number[]>;

describe('split', () => {
  it("takes the book's validation set: the first 279 of numpy's seed-0 permutation of 2790", () => {
    for (const seed of [0, 42]) {
      const { train, valid } = split(2790, { validFraction: 0.1, seed, mode: 'numpy' });
      const permutation = numpy[`seed${seed}`] as number[];
      expect(Array.from(valid)).toEqual(permutation.slice(0, 279));
      expect(Array.from(train)).toEqual(permutation.slice(279));
    }
  });

  it('defaults to a tenth and the numpy mode, and covers every index once', () => {
    const { train, valid } = split(101, { seed: 5 });
    expect(valid.length).toBe(10);
    expect([...train, ...valid].sort((a, b) => a - b)).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(split(101, { seed: 5 })).toEqual({ train, valid });
    expect(split(10, { seed: 5, validFraction: 0 }).valid.length).toBe(0);
  });

  it('stratified: each class gives floor(fraction * its count) to validation', () => {
    const labels = Uint8Array.from({ length: 2790 }, (_, i) => Math.floor(i / 558));
    const { train, valid } = split(2790, { seed: 0, mode: 'stratified', labels });
    expect(valid.length).toBe(5 * 55);
    const perClass = [0, 0, 0, 0, 0];
    for (const i of valid) perClass[labels[i] as number] = (perClass[labels[i] as number] as number) + 1;
    expect(perClass).toEqual([55, 55, 55, 55, 55]);
    expect(new Set([...train, ...valid]).size).toBe(2790);
  });

  it('refuses bad arguments by name', () => {
    const argument = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(DataError);
        return (error as DataError).details.argument;
      }
      return 'no error';
    };
    expect(argument(() => split(0, { seed: 0 }))).toBe('n');
    expect(argument(() => split(10, { seed: -1 }))).toBe('seed');
    expect(argument(() => split(10, { seed: 2 ** 32 }))).toBe('seed');
    expect(argument(() => split(10, { seed: 0, validFraction: 1 }))).toBe('validFraction');
    expect(argument(() => split(10, { seed: 0, mode: 'random' as never }))).toBe('mode');
    expect(argument(() => split(10, { seed: 0, mode: 'stratified' }))).toBe('labels');
    expect(argument(() => split(10, undefined as never))).toBe('options');
  });
});
