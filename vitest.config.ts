import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // NOTE: better-sqlite3 and the local HTTP fakes are process-bound; forks isolate them cleanly.
    pool: 'forks',
  },
});
