/**
 * Stored before relayed (docs/ARCHITECTURE.md, "Durability promise"): the moment a second client
 * receives an update, its row is already committed in the database file. A raw observer socket
 * looks the received bytes up in the file (a read-only connection beside the server's) inside the
 * socket's message handler, before anything else runs, for every update of a burst.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { addFinding, findingText } from '@hindsight/review';
import { connectClient, openRaw, waitFor } from '../support/clients';
import { decodeFrame } from '../support/frames';
import { cleanupServers, createRng, startTrackedServer, testSeed } from '../support/model';
import { createReview } from '../support/server';

afterAll(cleanupServers);

/** A burst below the compaction threshold (500), so no row is folded away before it is looked up. */
const EDITS = 400;
/** The writer types as fast as the server takes it; the write meter (tested on its own) is lifted. */
const burstEnv = { HINDSIGHT_UPDATES_PER_SECOND: '1000000', HINDSIGHT_UPDATE_BYTES_PER_MINUTE: String(2 ** 40) };

it('every update a second client receives is already a row in the database file when it arrives', async () => {
  const rng = createRng(testSeed('relay-order'));
  const server = await startTrackedServer({ env: burstEnv });
  const review = await createReview(server.url, 'Relay order');
  const db = new Database(path.join(server.dataDir, 'hindsight.sqlite'), { readonly: true, fileMustExist: true });
  const isStored = db.prepare<[string, Buffer], { found: number }>(
    'SELECT 1 AS found FROM updates WHERE review_id = ? AND data = ?',
  );

  const observer = openRaw(server.wsUrl, review.id, review.tokens.view);
  let received = 0;
  const notYetStored: number[] = [];
  observer.ws.on('message', (data: Buffer) => {
    const frame = decodeFrame(new Uint8Array(data));
    if (frame.kind !== 'update') return;
    received++;
    if (!isStored.get(review.id, Buffer.from(frame.update))) notYetStored.push(received);
  });
  await observer.opened;
  const writer = connectClient(server.wsUrl, review.id, review.tokens.edit);
  await writer.synced;

  const findingId = addFinding(writer.doc, { category: 'went-wrong', text: 'typed: ' });
  const text = findingText(writer.doc, findingId)!;
  for (let i = 0; i < EDITS; i++) text.insert(rng.int(text.length + 1), rng.word(1));
  await waitFor(() => received === EDITS + 1, `observer received ${EDITS + 1} updates`, 30_000);

  expect(notYetStored, 'updates (by arrival number) that reached the observer before their row').toEqual([]);
  writer.destroy();
  observer.ws.close();
  db.close();
});
