import { defineConfig } from 'vitest/config';

// vitest 4 ignores vitest.workspace.ts: every package brings its own config, listed here.
// The JSON report feeds the totals line that .ci/run prints.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/server', 'apps/web', 'tests'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest.json' },
  },
});
