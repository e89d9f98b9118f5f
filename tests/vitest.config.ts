import { defineConfig } from 'vitest/config';

/**
 * How cross-process files run: each test starts real server processes (and Chromium), so one
 * file at a time, with generous timeouts: on two busy cores a cold Chromium start or a re-render
 * can take seconds, and a wait is for a condition, not a time. Shared with vitest.postgres.config.ts.
 */
export const crossProcessOptions = {
  testTimeout: 90_000,
  hookTimeout: 90_000,
  fileParallelism: false,
  expect: { poll: { timeout: 15_000, interval: 50 } },
};

// Cross-process suites run after the unit projects (groupOrder).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    ...crossProcessOptions,
    sequence: { groupOrder: 1 },
  },
});
