import { defineConfig } from 'vitest/config';

// Cross-process suites: each test starts real server processes, so files run one at a time
// and tests get generous timeouts (a cold Chromium start takes seconds on two cores).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
