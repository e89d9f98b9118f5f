/**
 * Every file of tests/sync is either run again on PostgreSQL by the `postgres` project or left out
 * with a reason (tests/vitest.postgres.config.ts), so a new sync suite cannot silently run on SQLite
 * only; and every file the project names exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { EXCLUDED, SYNC_SUITES } from '../vitest.postgres.config';

const testsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('each tests/sync file is in the postgres project or excluded from it with a reason', () => {
  const syncFiles = fs
    .readdirSync(path.join(testsDir, 'sync'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `sync/${name}`);
  const undecided = syncFiles.filter((file) => !SYNC_SUITES.includes(file) && !(file in EXCLUDED));
  expect(undecided, 'add them to SYNC_SUITES, or to EXCLUDED with why').toEqual([]);
  expect(SYNC_SUITES.filter((file) => file in EXCLUDED)).toEqual([]);
  for (const reason of Object.values(EXCLUDED)) expect(reason.length).toBeGreaterThan(20);
  const missing = [...SYNC_SUITES, ...Object.keys(EXCLUDED)].filter(
    (file) => !fs.existsSync(path.join(testsDir, file)),
  );
  expect(missing).toEqual([]);
});
