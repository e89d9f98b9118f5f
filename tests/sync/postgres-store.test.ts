/**
 * DATABASE_URL selects the PostgreSQL store (issue 14): a real server process started with it keeps
 * its reviews and update log in PostgreSQL (no SQLite file appears in its data dir), says so in its
 * start-up log without the URL, and a restart on the same database serves every edit again.
 */
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, expect, it } from 'vitest';
import { readMeta, setTitle } from '@hindsight/review';
import { connectClient, waitFor } from '../support/clients';
import { databaseUrlFor, dropSchemas, postgresReachable } from '../support/postgres';
import { createReview, startServer, stopAllServers, tempDataDir } from '../support/server';

const reachable = await postgresReachable();
const dataDir = tempDataDir();

afterAll(async () => {
  await stopAllServers();
  if (reachable) await dropSchemas([dataDir]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it.skipIf(!reachable)('a server with DATABASE_URL stores in PostgreSQL, and a restart serves every edit', async () => {
  const databaseUrl = await databaseUrlFor(dataDir);
  const env = { DATABASE_URL: databaseUrl };
  const first = await startServer({ dataDir, env });
  expect(first.logs.find((line) => line.msg === 'listening')).toMatchObject({ storage: 'postgresql' });
  expect(JSON.stringify(first.logs)).not.toContain(databaseUrl);

  const review = await createReview(first.url, 'On PostgreSQL');
  const writer = connectClient(first.wsUrl, review.id, review.tokens.edit);
  const reader = connectClient(first.wsUrl, review.id, review.tokens.view);
  await Promise.all([writer.synced, reader.synced]);
  setTitle(writer.doc, 'Stored in PostgreSQL');
  await waitFor(() => readMeta(reader.doc).title === 'Stored in PostgreSQL', 'title relayed');

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<[{ n: number; last: string }]>`
      SELECT COUNT(*)::int AS n, MAX(seq)::text AS last FROM updates WHERE review_id = ${review.id}`;
    // Relayed only once stored: the row is there by the time the reader saw the title.
    expect(row.n).toBeGreaterThan(0);
    expect(Number(row.last)).toBe(row.n);
  } finally {
    await sql.end({ timeout: 1 });
  }
  expect(fs.existsSync(path.join(dataDir, 'hindsight.sqlite'))).toBe(false);
  writer.destroy();
  reader.destroy();

  await first.stop();
  const second = await startServer({ dataDir, env });
  const fresh = connectClient(second.wsUrl, review.id, review.tokens.view);
  await fresh.synced;
  expect(readMeta(fresh.doc).title).toBe('Stored in PostgreSQL');
  fresh.destroy();
});
