import { defineConfig } from 'vitest/config';

// Cross-process suites: each test starts real server processes (and Chromium), so they run after
// the unit projects (groupOrder), one file at a time, with generous timeouts: on two busy cores a
// cold Chromium start or a re-render can take seconds, and a wait is for a condition, not a time.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    sequence: { groupOrder: 1 },
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
