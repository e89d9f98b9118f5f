import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The boundaries in eslint.config.js (docs/ARCHITECTURE.md, "Boundaries") are only worth having if
// breaking one fails `pnpm lint`. These tests feed the repository's own config with a forbidden
// import placed where it is forbidden (lintText with a path inside the zone; nothing is written
// there) and with two real files that import each other, and expect the rule to report.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let eslint: ESLint;
beforeAll(() => {
  // no-cycle would walk the server's whole module graph for every probe; its own test is below.
  eslint = new ESLint({ cwd: root, overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });
});

/** The rule ids ESLint reports for `source` if it were the file at `file` (relative to the root). */
async function reported(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  expect(result, `ESLint returned no result for ${file}`).toBeDefined();
  const messages = result!.messages;
  // A parse error or an unknown rule would also be "a report": only rule findings count here.
  expect(messages.filter((m) => m.ruleId === null)).toEqual([]);
  return messages.map((m) => m.ruleId!);
}

describe('restricted imports', () => {
  it.each([
    ['packages/review/src/lint-probe.ts', "import { loadConfig } from '../../../apps/server/src/config';"],
    ['packages/protocol/src/lint-probe.ts', "import { App } from '../../../apps/web/src/App';"],
    ['apps/web/src/lint-probe.ts', "import { loadConfig } from '../../server/src/config';"],
    ['apps/server/src/store/lint-probe.ts', "import { Rooms } from '../sync/rooms';"],
    ['apps/server/src/store/lint-probe.ts', "import type { ReviewRoutesOptions } from '../http/reviews';"],
    ['apps/server/src/fanout/lint-probe.ts', "import { Rooms } from '../sync/rooms';"],
    ['apps/server/src/fanout/lint-probe.ts', "import { parseBody } from '../http/json';"],
    ['apps/server/src/review/lint-probe.ts', "import { ApiError } from '../http/errors';"],
    ['apps/server/src/sync/lint-probe.ts', "import { parseBody } from '../http/json';"],
    ['apps/server/src/auth/lint-probe.ts', "import { requireRole } from '../http/access';"],
    ['apps/server/src/http/lint-probe.ts', "import { useTestApp } from '../testing/test-app';"],
    ['apps/server/src/lint-probe.ts', "import { useTestApp } from './testing/test-app';"],
    ['apps/web/src/lint-probe.ts', "import { fillSampleIncident } from '@hindsight/review/testing';"],
    ['packages/review/src/export/lint-probe.ts', "import { buildSampleReview } from '../testing/export-sample';"],
  ])('%s may not: %s', async (file, source) => {
    expect(await reported(file, `${source}\nexport const probe = 1;\n`)).toContain('import-x/no-restricted-paths');
  });

  it.each([
    ['packages/review/src/lint-probe.ts', "import '@hindsight/server';"],
    ['packages/protocol/src/lint-probe.ts', "import '@hindsight/web/src/main';"],
    ['apps/web/src/lint-probe.ts', "import '@hindsight/server';"],
  ])('%s may not name the app: %s', async (file, source) => {
    expect(await reported(file, `${source}\nexport const probe = 1;\n`)).toContain('no-restricted-imports');
  });

  // The same imports from where they are allowed: the zones are not simply "everything".
  it.each([
    ['apps/server/src/lint-probe.ts', "import { Rooms } from './sync/rooms';"],
    ['apps/server/src/http/lint-probe.ts', "import { Rooms } from '../sync/rooms';"],
    ['apps/server/src/review/lint-probe.ts', "import { ApiError } from '../errors';"],
    ['apps/server/src/store/lint-probe.ts', "import type { Role } from '@hindsight/protocol';"],
    ['apps/web/src/lint-probe.ts', "import { listFindings } from '@hindsight/review';"],
    ['tests/lint-probe.ts', "import { loadConfig } from '../apps/server/src/config';"],
    ['tests/lint-probe.ts', "import { fillSampleIncident } from '@hindsight/review/testing';"],
    ['apps/server/src/http/lint-probe.test.ts', "import { useTestApp } from '../testing/test-app';"],
    ['packages/review/src/export/lint-probe.test.ts', "import { buildSampleReview } from '../testing/export-sample';"],
  ])('%s may: %s', async (file, source) => {
    expect(await reported(file, `${source}\nexport const probe = 1;\n`)).toEqual([]);
  });
});

describe('import cycles', () => {
  // Real files, since the rule follows imports on disk; test-output/ is git-ignored and
  // lint-ignored, hence `ignore: false` for this one run.
  const dir = path.join(root, 'test-output', `lint-cycle-${process.pid}`);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('two modules that import each other fail no-cycle; a type-only import back does not', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
    fs.writeFileSync(path.join(dir, 'c.ts'), "import { d } from './d';\nexport const c = () => d;\n");
    fs.writeFileSync(path.join(dir, 'd.ts'), "import type { c } from './c';\nexport const d = (x: typeof c) => x;\n");

    const results = await new ESLint({ cwd: root, ignore: false }).lintFiles([dir]);
    const rules = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.ruleId)]));
    expect(rules).toEqual({
      'a.ts': ['import-x/no-cycle'],
      'b.ts': ['import-x/no-cycle'],
      'c.ts': [],
      'd.ts': [],
    });
  });
});
