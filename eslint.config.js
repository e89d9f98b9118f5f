// ESLint keeps the architecture's boundaries (docs/ARCHITECTURE.md, "Boundaries"): no import
// cycles, and no import across a line the layers must not cross. It is not a style checker:
// Prettier formats and `tsc` type-checks; this config only adds what neither of them can see.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

// Bare specifiers of the apps: a package that must not import an app must not name it either
// (the resolver cannot resolve them from there, so the path zones alone would let them through).
const noApps = {
  patterns: [
    {
      group: ['@hindsight/server', '@hindsight/server/*', '@hindsight/web', '@hindsight/web/*'],
      message: 'packages/* are shared by the apps and never import an app.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '**/dist/', 'test-output/', '**/.turbo/', 'data/', '**/fixtures/'],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 'latest',
      sourceType: 'module',
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x only follows .js files and sees no TypeScript module graph at all.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['apps/*/tsconfig.json', 'packages/*/tsconfig.json', 'tests/tsconfig.json', 'bench/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // Type-only imports do not count (they vanish at runtime); value imports that loop do.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Zones are directories relative to the repository root; an import is checked by where it
      // resolves to, so relative paths (`../sync/x`) and workspace packages are both caught.
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: ['packages/review', 'packages/protocol'],
              from: ['apps'],
              message: 'packages/* are shared by the apps and never import an app.',
            },
            {
              target: 'apps/web',
              from: 'apps/server',
              message: 'The web app talks to the server over HTTP and WebSocket only.',
            },
            {
              target: ['apps/server/src/store', 'apps/server/src/fanout'],
              from: ['apps/server/src/sync', 'apps/server/src/http'],
              message: 'store/ and fanout/ sit below sync/ and http/ and never import them.',
            },
            {
              target: [
                'apps/server/src/review',
                'apps/server/src/sync',
                'apps/server/src/auth',
                'apps/server/src/webhooks',
              ],
              from: 'apps/server/src/http',
              message: 'http/ holds only the routes: nothing below them imports it (ApiError lives in src/errors.ts).',
            },
            {
              // Every source file but tests and the testing folders themselves (globs: minimatch).
              target: [
                'apps/*/src/!(testing)/**/!(*.test).{ts,tsx}',
                'apps/*/src/!(*.test).{ts,tsx}',
                'packages/*/src/!(testing)/**/!(*.test).ts',
                'packages/*/src/!(*.test).ts',
              ],
              from: ['apps/server/src/testing', 'packages/review/src/testing'],
              message: 'Test helpers (testing/, @hindsight/review/testing) are for tests only and never ship.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/review/**', 'packages/protocol/**'],
    rules: { 'no-restricted-imports': ['error', noApps] },
  },
  {
    files: ['apps/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@hindsight/server', '@hindsight/server/*'],
              message: 'The web app talks to the server over HTTP and WebSocket only.',
            },
          ],
        },
      ],
    },
  },
);
