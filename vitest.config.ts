import { defineConfig } from 'vitest/config';

const shared = {
  setupFiles: ['test/setup.ts'],
  // Tests start real HTTP servers and SQLite files; forks keep native modules isolated.
  pool: 'forks' as const,
  testTimeout: 20_000,
  hookTimeout: 20_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'], sequence: { groupOrder: 0 } },
      },
      {
        // The browser tests run after the rest, one file at a time: Chromium, the simulator and a
        // bot process per file share two cores, and under a parallel load their waits ran out.
        test: { ...shared, name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
