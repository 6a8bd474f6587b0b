import { defineConfig } from 'vitest/config';

// Tests import each workspace package's TypeScript source through the `source` export condition,
// so no build is needed before `pnpm test`.
export const shared = defineConfig({
  resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
