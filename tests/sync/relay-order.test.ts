/**
 * Stored before relayed (docs/ARCHITECTURE.md, "Durability promise"): the moment a second client
 * receives an update, its row is already committed in the database. A raw observer socket looks the
 * received bytes up inside the socket's message handler, for every update of a burst: in the SQLite
 * file (a read-only connection beside the server's) before anything else runs; on PostgreSQL with
 * a query sent at once (support/db.ts, updateLookup).
 */
import { afterAll, expect, it } from 'vitest';
import { addFinding, findingText } from '@hindsight/review';
import { connectClient, openRaw, waitFor } from '../support/clients';
import { updateLookup } from '../support/db';
import { decodeFrame } from '../support/frames';
import { cleanupServers, createRng, startTrackedServer, testSeed } from '../support/model';
import { createReview } from '../support/server';

afterAll(cleanupServers);

/** A burst below the compaction threshold (500), so no row is folded away before it is looked up. */
const EDITS = 400;
/** The writer types as fast as the server takes it; the write meter (tested on its own) is lifted. */
const burstEnv = { HINDSIGHT_UPDATES_PER_SECOND: '1000000', HINDSIGHT_UPDATE_BYTES_PER_MINUTE: String(2 ** 40) };

it('every update a second client receives is already a row in the database when it arrives', async () => {
  const rng = createRng(testSeed('relay-order'));
  const server = await startTrackedServer({ env: burstEnv });
  const review = await createReview(server.url, 'Relay order');
  const lookup = await updateLookup(server.dataDir, review.id);

  const observer = openRaw(server.wsUrl, review.id, review.tokens.view);
  let received = 0;
  let lookedUp = 0;
  const notYetStored: number[] = [];
  observer.ws.on('message', (data: Buffer) => {
    const frame = decodeFrame(new Uint8Array(data));
    if (frame.kind !== 'update') return;
    const arrival = ++received;
    const found = lookup.isStored(frame.update);
    if (typeof found === 'boolean') {
      if (!found) notYetStored.push(arrival);
      lookedUp++;
      return;
    }
    // PostgreSQL: sent at once (the look-ups spread over a pool), answered later.
    void found.then((stored) => {
      if (!stored) notYetStored.push(arrival);
      lookedUp++;
    });
  });
  await observer.opened;
  const writer = connectClient(server.wsUrl, review.id, review.tokens.edit);
  await writer.synced;

  const findingId = addFinding(writer.doc, { category: 'went-wrong', text: 'typed: ' });
  const text = findingText(writer.doc, findingId)!;
  for (let i = 0; i < EDITS; i++) text.insert(rng.int(text.length + 1), rng.word(1));
  await waitFor(() => lookedUp === EDITS + 1, `observer received and looked up ${EDITS + 1} updates`, 30_000);

  expect(notYetStored, 'updates (by arrival number) that reached the observer before their row').toEqual([]);
  writer.destroy();
  observer.ws.close();
  await lookup.close();
});
