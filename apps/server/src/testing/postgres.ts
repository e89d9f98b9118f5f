/**
 * PostgreSQL for tests: the development and CI machines run it on 127.0.0.1:5432 (trust auth,
 * database `test`; HINDSIGHT_TEST_DATABASE_URL overrides). Each store a test opens lives in its own
 * fresh schema, dropped afterwards, so parallel test files never share a table.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const TEST_DATABASE_URL = process.env.HINDSIGHT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether the tests can reach PostgreSQL. Unreachable on CI (CI=true) is an error, so the backend
 * is never silently untested there; elsewhere the caller skips, and this prints why.
 */
export async function postgresReachable(): Promise<boolean> {
  const sql = postgres(TEST_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return true;
  } catch (err) {
    const reason = `PostgreSQL unreachable at ${TEST_DATABASE_URL}: ${(err as Error).message}`;
    if (process.env.CI === 'true') throw new Error(`${reason} (CI needs it: .ci/run starts it)`);
    console.warn(`SKIPPING the PostgreSQL tests: ${reason}`);
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

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
