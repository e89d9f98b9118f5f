/**
 * What the disk keeps of anonymous findings, read from the bytes of a real server's SQLite files:
 * words that were withdrawn or replaced before the reveal are nowhere (neither the database file
 * nor its write-ahead log), and the published words sit only in the document's log.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serversOnPostgres } from '../support/postgres';
import { callApi, createReview, startServer, stopAllServers } from '../support/server';

afterAll(stopAllServers);

/** Distinct words nothing else in the files can contain by chance. */
const words = (label: string) => `${label} ${randomBytes(8).toString('hex')}`;

/** How often `needle` occurs in `haystack` (UTF-8 bytes). */
function occurrences(haystack: Buffer, needle: string): number {
  const bytes = Buffer.from(needle, 'utf8');
  let count = 0;
  for (let at = haystack.indexOf(bytes); at >= 0; at = haystack.indexOf(bytes, at + 1)) count++;
  return count;
}

/** The database file and its write-ahead log as bytes (the log is absent or empty once truncated). */
function filesOnDisk(dataDir: string): { db: Buffer; wal: Buffer } {
  const file = path.join(dataDir, 'hindsight.sqlite');
  const wal = `${file}-wal`;
  return { db: fs.readFileSync(file), wal: fs.existsSync(wal) ? fs.readFileSync(wal) : Buffer.alloc(0) };
}

/** Every page image in the database file and in the WAL's frames (24-byte frame headers after a 32-byte file header). */
function pages(db: Buffer, wal: Buffer): Buffer[] {
  const raw = db.readUInt16BE(16);
  const size = raw === 1 ? 65536 : raw;
  const found: Buffer[] = [];
  for (let at = 0; at + size <= db.length; at += size) found.push(db.subarray(at, at + size));
  for (let at = 32 + 24; at + size <= wal.length; at += size + 24) found.push(wal.subarray(at, at + size));
  return found;
}

describe('anonymous findings at rest', () => {
  // About the SQLite file's bytes: servers on PostgreSQL have no such file (what PostgreSQL keeps of
  // deleted words: docs/SECURITY.md); the `postgres` project leaves this file out.
  it.skipIf(serversOnPostgres)(
    'leave no withdrawn or replaced words in the database file or its WAL once published',
    async () => {
      const server = await startServer();
      const review = await createReview(server.url);
      const call = (method: string, route: string, token: string, body?: unknown) =>
        callApi(server, review, method, route, token, body);
      await call('PATCH', '/control', review.tokens.facilitator, { anonymity: 'anonymous' });
      const author = (await call('POST', '/participants', review.tokens.edit)).participantToken as string;
      const post = async (text: string) => {
        const secret = randomBytes(32).toString('base64url');
        const { id } = await call('POST', '/anonymous-findings', author, { category: 'lucky', text, secret });
        return { route: `/anonymous-findings/${id as string}`, secret };
      };

      const kept = words('kept as posted');
      const keptFinding = await post(kept);
      const first = words('first wording');
      const second = words('second wording');
      const reworded = await post(first);
      await call('PATCH', reworded.route, author, { secret: reworded.secret, text: second });
      const regretted = words('withdrawn before the reveal');
      const withdrawn = await post(regretted);
      await call('DELETE', withdrawn.route, author, { secret: withdrawn.secret });
      expect(await call('POST', '/anonymous-findings/reveal', review.tokens.facilitator)).toEqual({ revealed: 2 });

      const { db, wal } = filesOnDisk(server.dataDir);
      for (const gone of [first, regretted]) {
        expect(occurrences(db, gone), `"${gone}" in the database file`).toBe(0);
        expect(occurrences(wal, gone), `"${gone}" in the WAL`).toBe(0);
      }
      // The published words are the document's now, but no page (of the file or of the log) holds
      // them beside their row's secret hash any more: nothing on disk ties them to the held row.
      for (const [published, { secret }] of [
        [kept, keptFinding],
        [second, reworded],
      ] as const) {
        const secretHash = createHash('sha256').update(secret).digest('hex');
        expect(occurrences(Buffer.concat([db, wal]), secretHash), 'the row keeps its hash').toBeGreaterThan(0);
        const beside = pages(db, wal).filter(
          (page) => occurrences(page, published) > 0 && occurrences(page, secretHash) > 0,
        );
        expect(beside, `pages holding "${published}" beside its secret hash`).toHaveLength(0);
      }
    },
  );
});
