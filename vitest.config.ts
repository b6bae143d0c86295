import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e tests mutate real cgroups and namespaces: run files one at a time to keep them independent.
    fileParallelism: false,
    reporters: ['default'],
  },
});
