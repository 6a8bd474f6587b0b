import { defineProject, mergeConfig } from 'vitest/config';
import { shared } from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineProject({
    test: {
      name: 'consumer',
      include: ['*.test.ts'],
      // Packing builds every package first; npm then installs tfjs, vite and typescript from the registry.
      hookTimeout: 20 * 60_000,
      testTimeout: 5 * 60_000,
    },
  }),
);
