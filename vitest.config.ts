import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Tests start real HTTP servers and SQLite files; forks keep native modules isolated.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
