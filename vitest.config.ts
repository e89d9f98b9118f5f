import { defineConfig } from 'vitest/config';

// vitest 4 ignores vitest.workspace.ts: every package brings its own config, listed here.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/server', 'apps/web', 'tests'],
  },
});
