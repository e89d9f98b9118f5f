import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, listFindings, reviewSnapshot } from '@hindsight/review';
import { connectClient, waitFor } from '../support/clients';
import {
  cleanupServers,
  readFresh,
  sameState,
  startTrackedServer,
  waitConverged,
  writeRichContent,
} from '../support/model';
import { createReview, type CreatedReview, type TestServer } from '../support/server';

afterAll(cleanupServers);

function logsFor(server: TestServer, msg: string, reviewId?: string) {
  return server.logs.filter((line) => line.msg === msg && (reviewId === undefined || line.reviewId === reviewId));
}

/** Review ids loaded more often than unloaded in this process: the rooms still held in memory. */
function roomsInMemory(server: TestServer): string[] {
  const held = new Map<string, number>();
  for (const line of server.logs) {
    const reviewId = line.reviewId as string;
    if (line.msg === 'room.loaded') held.set(reviewId, (held.get(reviewId) ?? 0) + 1);
    if (line.msg === 'room.unloaded') held.set(reviewId, (held.get(reviewId) ?? 0) - 1);
  }
  return [...held].filter(([, count]) => count !== 0).map(([reviewId]) => reviewId);
}

describe('room registry: load once, unload when empty', () => {
  it('fifty clients connecting at once to a cold review share one load and one document; the last to leave unloads it', async () => {
    const first = await startTrackedServer();
    const review = await createReview(first.url, 'Cold review');
    const writer = connectClient(first.wsUrl, review.id, review.tokens.edit);
    await writer.synced;
    writeRichContent(writer.doc, 'before restart');
    let stored = new Y.Doc();
    await waitFor(async () => {
      stored = await readFresh(first.wsUrl, review.id, review.tokens.view);
      return sameState(stored, writer.doc);
    }, 'content stored');
    writer.destroy();
    await first.stop();

    // A fresh process: the review has never been loaded here.
    const server = await startTrackedServer({ dataDir: first.dataDir });
    expect(logsFor(server, 'room.loaded')).toHaveLength(0);
    const tokens = [review.tokens.edit, review.tokens.facilitator, review.tokens.view];
    const clients = Array.from({ length: 50 }, (_, n) => connectClient(server.wsUrl, review.id, tokens[n % 3]!));
    await Promise.all(clients.map((c) => c.synced));

    // Log lines arrive on a pipe, independently of the sockets: wait for the fiftieth conn.open, which
    // the server printed after the room's load line.
    await waitFor(() => logsFor(server, 'conn.open', review.id).length === 50, 'fifty conn.open logs');
    expect(logsFor(server, 'room.loaded', review.id)).toHaveLength(1);
    for (const c of clients) expect(reviewSnapshot(c.doc)).toEqual(reviewSnapshot(stored));
    await waitConverged([stored, ...clients.map((c) => c.doc)], 'all fifty clients hold the stored document');

    // Every writer adds a finding at once; all fifty end with the same document holding all of them.
    const writers = clients.filter((_, n) => n % 3 !== 2);
    writers.forEach((c, n) => addFinding(c.doc, { category: 'went-well', text: `from client ${n}` }));
    await waitConverged(
      clients.map((c) => c.doc),
      'fifty clients after concurrent writes',
      20_000,
    );
    expect(listFindings(clients[0]!.doc)).toHaveLength(listFindings(stored).length + writers.length);
    const expected = reviewSnapshot(clients[0]!.doc);
    expect(logsFor(server, 'room.loaded', review.id)).toHaveLength(1);

    // The room stays while anyone is in it, and unloads when the last one leaves.
    for (const c of clients.slice(0, 49)) c.destroy();
    await waitFor(() => logsFor(server, 'conn.closed', review.id).length === 49, 'forty-nine conn.closed logs');
    expect(logsFor(server, 'room.unloaded', review.id)).toHaveLength(0);
    clients[49]!.destroy();
    await waitFor(
      () => logsFor(server, 'room.unloaded', review.id).length === 1,
      'room.unloaded after the last client left',
    );
    expect(roomsInMemory(server)).toEqual([]);

    const late = await readFresh(server.wsUrl, review.id, review.tokens.view);
    await waitFor(() => logsFor(server, 'conn.open', review.id).length === 51, 'conn.open of the late client');
    expect(logsFor(server, 'room.loaded', review.id)).toHaveLength(2);
    expect(reviewSnapshot(late)).toEqual(expected);
    await server.stop();
  });

  it('thirty reviews opened one after another, each by one client that then leaves, leave no room loaded', async () => {
    const server = await startTrackedServer();
    const reviews: CreatedReview[] = [];
    for (let n = 0; n < 30; n++) {
      const review = await createReview(server.url, `Review ${n}`);
      const client = connectClient(server.wsUrl, review.id, review.tokens.edit);
      await client.synced;
      addFinding(client.doc, { category: 'lucky', text: `note ${n}` });
      // The write is stored once a fresh reader sees it; then the only client leaves.
      await waitFor(
        async () => listFindings(await readFresh(server.wsUrl, review.id, review.tokens.view)).length === 1,
        `review ${n} finding stored`,
      );
      client.destroy();
      reviews.push(review);
    }
    await waitFor(() => roomsInMemory(server).length === 0, 'every room unloaded');
    expect(logsFor(server, 'room.loaded').length).toBe(logsFor(server, 'room.unloaded').length);
    for (const review of reviews) expect(logsFor(server, 'room.loaded', review.id).length).toBeGreaterThanOrEqual(1);

    // What was written before each unload is still there when the review loads again.
    const reopened = await Promise.all(reviews.map((review) => readFresh(server.wsUrl, review.id, review.tokens.view)));
    reopened.forEach((doc, n) => expect(listFindings(doc).map((f) => f.text)).toEqual([`note ${n}`]));
    await waitFor(() => roomsInMemory(server).length === 0, 'every room unloaded again');
    await server.stop();
  });
});
