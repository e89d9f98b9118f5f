import { defineConfig } from 'vitest/config';

// vitest 4 ignores vitest.workspace.ts: every package brings its own config, listed here.
// The totals reporter writes the line .ci/run prints (tests/tools/totals-reporter.ts).
export default defineConfig({
  test: {
    // tests/vitest.postgres.config.ts: the sync suites again, their servers on PostgreSQL.
    projects: ['packages/*', 'apps/server', 'apps/web', 'tests', 'tests/vitest.postgres.config.ts'],
    reporters: ['default', ['./tests/tools/totals-reporter.ts', { outputFile: 'test-output/totals.txt' }]],
  },
});
