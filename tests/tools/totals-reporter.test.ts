/**
 * The CI totals line counts every way a run goes red (issue 17, point 8): runs vitest on fixture
 * files that fail in a beforeAll, an afterAll, on import and with an unhandled rejection, through
 * the same reporter `.ci/run` prints from.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures/totals');
const vitestBin = path.resolve(here, '../../node_modules/.bin/vitest');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-totals-'));
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

function runFixtures(pattern: string): { line: string; status: number | null } {
  const outputFile = path.join(outDir, `${pattern.replace(/\W/g, '_')}.txt`);
  const run = spawnSync(vitestBin, ['run', '--config', 'vitest.config.ts'], {
    cwd: fixtures,
    env: { ...process.env, TOTALS_FIXTURE: pattern, TOTALS_OUTPUT: outputFile, CI: 'true' },
    encoding: 'utf8',
  });
  return { line: fs.readFileSync(outputFile, 'utf8').trim(), status: run.status };
}

test('a throwing beforeAll alone makes the line say failed, though its tests only count as skipped', () => {
  const { line, status } = runFixtures('before-all.fixture.ts');
  expect(line).toBe('0 passed, 1 failed, 1 skipped (outside tests: before-all.fixture.ts: beforeAll broke)');
  expect(status).not.toBe(0);
});

test('afterAll errors, import errors and unhandled errors each count as one failure beside failed tests', () => {
  const { line, status } = runFixtures('*.fixture.ts');
  expect(line).toBe(
    '4 passed, 5 failed, 2 skipped (outside tests: ' +
      'after-all.fixture.ts: afterAll broke; before-all.fixture.ts: beforeAll broke; ' +
      'import-error.fixture.ts: import broke; unhandled error: unhandled rejection)',
  );
  expect(status).not.toBe(0);
});

test('a green run says 0 failed', () => {
  const { line, status } = runFixtures('green.fixture.ts');
  expect(line).toBe('1 passed, 0 failed');
  expect(status).toBe(0);
});
