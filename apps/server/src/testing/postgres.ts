/**
 * PostgreSQL for the server's tests: the development and CI machines run it on 127.0.0.1:5432
 * (trust auth, database `test`; HINDSIGHT_TEST_DATABASE_URL overrides; the reachability rule is the
 * cross-process tests'). Each store a test opens lives in its own fresh schema, dropped afterwards,
 * so parallel test files never share a table.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { TEST_DATABASE_URL } from '@hindsight/tests/support/postgres';

export { postgresReachable, TEST_DATABASE_URL } from '@hindsight/tests/support/postgres';

/** A fresh, empty schema; `drop` removes it with everything in it. */
export async function freshSchema(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const sql = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE SCHEMA ${name}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  return {
    name,
    async drop() {
      const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await admin.end({ timeout: 1 });
      }
    },
  };
}
