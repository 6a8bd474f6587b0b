import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MT19937 } from './mt19937.js';
import { NUMPY_PERMUTATIONS } from './test-paths.js';

describe('MT19937', () => {
  it('draws the reference sequence of init_genrand(5489)', () => {
    const mt = new MT19937(5489);
    // The first outputs of the reference implementation (mt19937ar.c) for its default seed.
    expect([mt.nextUint32(), mt.nextUint32(), mt.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
  });

  it('gives the double numpy gives after np.random.seed(7)', () => {
    expect(new MT19937(7).nextDouble()).toBe(0.07630828937395717); // np.random.random_sample()
  });

  it('reproduces np.random.seed(s); np.random.permutation(2790) for seeds 0 and 42', () => {
    const expected = JSON.parse(readFileSync(NUMPY_PERMUTATIONS, 'utf8')) as Record<string, number[]>;
    for (const seed of [0, 42]) {
      expect(Array.from(new MT19937(seed).permutation(2790))).toEqual(expected[`seed${seed}`]);
    }
  });

  it('permutes small n and draws intervals within bounds', () => {
    expect(Array.from(new MT19937(1).permutation(1))).toEqual([0]);
    expect(new MT19937(1).permutation(0).length).toBe(0);
    const mt = new MT19937(3);
    for (const max of [0, 1, 2, 5, 2 ** 31, 2 ** 32 - 1]) {
      const v = mt.randomInterval(max);
      expect(v >= 0 && v <= max && Number.isInteger(v)).toBe(true);
    }
  });
});
