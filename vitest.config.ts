import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'tracker/**/*.test.ts', 'tests/**/*.test.ts', 'dashboard/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Browser tests and the better-sqlite3 native module are happiest in forks.
    pool: 'forks',
  },
});
