/**
 * Servers on PostgreSQL instead of SQLite: with HINDSIGHT_TEST_STORE=postgres, every server that
 * `startServer` spawns stores in PostgreSQL (HINDSIGHT_TEST_DATABASE_URL, default the machine's
 * 127.0.0.1:5432/test), in a schema of its own named after its data dir, so a restart on the same
 * data dir finds its data again and parallel files never share a table. support/db.ts reads what
 * such a server stored from that schema. The `postgres` vitest project (tests/vitest.postgres.config.ts)
 * runs the sync suites this way.
 */
import { createHash } from 'node:crypto';
import postgres from 'postgres';
import * as Y from 'yjs';

export const TEST_DATABASE_URL = process.env.HINDSIGHT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const serversOnPostgres = process.env.HINDSIGHT_TEST_STORE === 'postgres';

/**
 * Whether PostgreSQL answers. Unreachable under CI=true is an error (CI must run these tests);
 * elsewhere the caller skips, and this prints why.
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

/** The schema of a data dir: the same dir always gets the same one (support/db.ts reads it too). */
export function schemaOf(dataDir: string): string {
  return `srv_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}

/** Creates the data dir's schema if need be; returns the DATABASE_URL a server stores there with. */
export async function databaseUrlFor(dataDir: string): Promise<string> {
  const schema = schemaOf(dataDir);
  const sql = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('search_path', schema);
  return url.toString();
}

/** Drops the schemas of these data dirs (with the dirs, once no server can use them). */
export async function dropSchemas(dataDirs: Iterable<string>): Promise<void> {
  const schemas = [...dataDirs].map(schemaOf);
  if (schemas.length === 0) return;
  const sql = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    for (const schema of schemas) await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * The review's document as PostgreSQL holds it now (snapshot, then every update row), read directly
 * from the database at `databaseUrl` (with its `search_path`), not through any server.
 */
export async function documentInDatabase(databaseUrl: string, reviewId: string): Promise<Y.Doc> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const doc = new Y.Doc();
    const snapshots = await sql<Array<{ data: Buffer }>>`SELECT data FROM snapshots WHERE review_id = ${reviewId}`;
    for (const { data } of snapshots) Y.applyUpdate(doc, new Uint8Array(data));
    const rows = await sql<
      Array<{ data: Buffer }>
    >`SELECT data FROM updates WHERE review_id = ${reviewId} ORDER BY seq`;
    for (const { data } of rows) Y.applyUpdate(doc, new Uint8Array(data));
    return doc;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
