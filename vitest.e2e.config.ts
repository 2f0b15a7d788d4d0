import { defineConfig } from 'vitest/config';

/** Browser flows through the whole, built system; `npm test` runs them when Chromium is present. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    setupFiles: ['e2e/setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
