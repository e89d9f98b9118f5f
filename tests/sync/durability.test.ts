import { selectRows } from '../support/db';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, findingText, listFindings, reviewSnapshot, titleText } from '@hindsight/review';
import { connectClient, openRaw, waitFor, type SyncClient } from '../support/clients';
import {
  cleanupServers,
  copyOf,
  createRng,
  insertParagraph,
  readFresh,
  sameState,
  startTrackedServer,
  testSeed,
  waitConverged,
  writeRichContent,
  type Rng,
} from '../support/model';
import { createReview, type CreatedReview, type TestServer } from '../support/server';

afterAll(cleanupServers);

const COMPACT_EVERY = 500;
/**
 * The writers below send thousands of updates in a burst, as fast as the server takes them (a load
 * test, a bulk paste): the per-connection write meter (100 a second, tested on its own in
 * write-meter.test.ts) would close them with 4429 long before, so these servers lift it.
 */
const burstEnv = { HINDSIGHT_UPDATES_PER_SECOND: '1000000', HINDSIGHT_UPDATE_BYTES_PER_MINUTE: String(2 ** 40) };
const compactEnv = { ...burstEnv, HINDSIGHT_COMPACT_EVERY: String(COMPACT_EVERY) };

function logsFor(server: TestServer, msg: string, reviewId: string) {
  return server.logs.filter((line) => line.msg === msg && line.reviewId === reviewId);
}

/** A writer and a read-only observer on one review, both synced. */
async function connectPair(server: TestServer, review: CreatedReview): Promise<[SyncClient, SyncClient]> {
  const writer = connectClient(server.wsUrl, review.id, review.tokens.edit);
  const observer = connectClient(server.wsUrl, review.id, review.tokens.view);
  await Promise.all([writer.synced, observer.synced]);
  return [writer, observer];
}

/**
 * Makes `count` single-character edits, each its own transaction and so its own update on the wire:
 * one in twenty to the title, the rest typed into (or deleted from) the given findings' texts.
 */
function typeSingleCharacters(doc: Y.Doc, findingIds: string[], count: number, rng: Rng): void {
  for (let i = 0; i < count; i++) {
    if (i % 20 === 0) {
      const title = titleText(doc);
      title.insert(title.length, rng.word(1));
      continue;
    }
    const text = findingText(doc, rng.pick(findingIds))!;
    if (text.length > 40 && rng.chance(0.3)) text.delete(rng.int(text.length), 1);
    else text.insert(rng.int(text.length + 1), rng.word(1));
  }
}

/** Rows of one review in the update log and its snapshot, read from the live database. */
async function storedRows(dataDir: string, reviewId: string) {
  const updates = (
    await selectRows<{ seq: number }>(dataDir, 'SELECT seq FROM updates WHERE review_id = ? ORDER BY seq', reviewId)
  ).map((row) => row.seq);
  const [snapshot] = await selectRows<{ upto_seq: number; bytes: number }>(
    dataDir,
    'SELECT upto_seq, length(data) AS bytes FROM snapshots WHERE review_id = ?',
    reviewId,
  );
  return { updates, snapshot };
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc, what: string): void {
  expect(reviewSnapshot(actual), what).toEqual(reviewSnapshot(expected));
  expect(Y.encodeStateVector(actual), what).toEqual(Y.encodeStateVector(expected));
  expect(sameState(actual, expected), `${what}: state vector, delete set and snapshot`).toBe(true);
}

describe('durability across restarts, crashes and compaction', () => {
  it('a graceful restart closes clients with 1001 and every review reloads unchanged', async () => {
    const server = await startTrackedServer();
    const reviews = await Promise.all([1, 2, 3].map((n) => createReview(server.url, `Restart review ${n}`)));
    const pairs = await Promise.all(reviews.map((review) => connectPair(server, review)));
    pairs.forEach(([writer], n) => {
      writeRichContent(writer.doc, `r${n}`);
      addFinding(writer.doc, { category: 'lucky', text: `only in review ${n}` });
    });
    await Promise.all(
      pairs.map(([writer, observer], n) => waitConverged([writer.doc, observer.doc], `review ${n} stored`)),
    );
    const before = await Promise.all(reviews.map((review) => readFresh(server.wsUrl, review.id, review.tokens.view)));
    pairs.forEach(([writer], n) => expectSameDocument(before[n]!, writer.doc, `review ${n} before restart`));

    const firstCloseCodes = pairs.map(
      ([writer]) =>
        new Promise<number | undefined>((resolve) =>
          writer.provider.once('connection-close', (event) => resolve(event?.code)),
        ),
    );
    const raw = openRaw(server.wsUrl, reviews[0]!.id, reviews[0]!.tokens.edit);
    await raw.opened;

    expect(await server.stop()).toBe(0);
    expect((await raw.closed).code).toBe(1001);
    expect(await Promise.all(firstCloseCodes)).toEqual([1001, 1001, 1001]);
    for (const [writer, observer] of pairs) {
      writer.destroy();
      observer.destroy();
    }

    const restarted = await startTrackedServer({ dataDir: server.dataDir });
    for (const [n, review] of reviews.entries()) {
      const after = await readFresh(restarted.wsUrl, review.id, review.tokens.view);
      expectSameDocument(after, before[n]!, `review ${n} after restart`);
      expect(listFindings(after).map((f) => f.text)).toContain(`only in review ${n}`);
    }
    await restarted.stop();
  });

  it('every write a second client has received survives kill -9, over five crash cycles', async () => {
    let server = await startTrackedServer();
    const review = await createReview(server.url, 'Crash review');
    const written: string[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      const [writer, observer] = await connectPair(server, review);
      const text = `written in cycle ${cycle}`;
      addFinding(writer.doc, { category: 'went-wrong', text });
      insertParagraph(writer.doc, 'summary', `paragraph ${cycle}`);
      written.push(text);
      await waitFor(
        () => reviewSnapshot(observer.doc).narrative.summary.endsWith(`paragraph ${cycle}`),
        `cycle ${cycle} relayed`,
      );
      const expected = copyOf(writer.doc);
      await server.kill9();
      writer.destroy();
      observer.destroy();

      server = await startTrackedServer({ dataDir: server.dataDir });
      const after = await readFresh(server.wsUrl, review.id, review.tokens.view);
      expect(listFindings(after).map((f) => f.text)).toEqual(written);
      expectSameDocument(after, expected, `after crash ${cycle}`);
    }
    await server.stop();
  });

  it('under load, kill -9 at random moments loses nothing any other client received (group commit)', async () => {
    const rng = createRng(testSeed('durability.kill-under-load'));
    let server = await startTrackedServer({ env: burstEnv });
    const reviews = await Promise.all([1, 2, 3].map((n) => createReview(server.url, `Load review ${n}`)));
    for (let cycle = 0; cycle < 4; cycle++) {
      // Per review: two writers typing as fast as the server takes it, and a read-only observer
      // whose document is exactly what the server relayed to it.
      const rooms = await Promise.all(
        reviews.map(async (review) => {
          const writers = [0, 1].map(() => connectClient(server.wsUrl, review.id, review.tokens.edit));
          const observer = connectClient(server.wsUrl, review.id, review.tokens.view);
          await Promise.all([...writers, observer].map((c) => c.synced));
          return { review, writers, observer };
        }),
      );
      let received = 0;
      for (const { observer } of rooms) observer.doc.on('update', () => received++);
      let typing = true;
      const typists = rooms.flatMap(({ writers }) =>
        writers.map(async (writer, w) => {
          const findingId = addFinding(writer.doc, { category: 'went-wrong', text: `cycle ${cycle} writer ${w}: ` });
          while (typing) {
            typeSingleCharacters(writer.doc, [findingId], 1 + rng.int(3), rng);
            // Yield to the socket; the pace is whatever the server sustains.
            await new Promise((resolve) => setImmediate(resolve));
          }
        }),
      );
      // The crash lands at a random point of the stream, counted in updates the observers received.
      const crashAfter = 200 + rng.int(800);
      await waitFor(() => received >= crashAfter, `observers received ${crashAfter} updates`, 30_000);
      const closed = rooms.map(
        ({ observer }) => new Promise<void>((resolve) => observer.provider.once('connection-close', () => resolve())),
      );
      await server.kill9();
      typing = false;
      await Promise.all(typists);
      // Every frame the server sent before dying is read before the close is seen.
      await Promise.all(closed);
      const seen = rooms.map(({ observer }) => copyOf(observer.doc));
      console.log(`[durability.kill-under-load] cycle ${cycle}: crash after ${received} received updates`);
      for (const { writers, observer } of rooms) for (const c of [...writers, observer]) c.destroy();

      server = await startTrackedServer({ dataDir: server.dataDir, env: burstEnv });
      for (const [n, review] of reviews.entries()) {
        const after = await readFresh(server.wsUrl, review.id, review.tokens.view);
        // Nothing the observer saw is missing: adding it to what was stored changes nothing.
        const merged = copyOf(after);
        Y.applyUpdate(merged, Y.encodeStateAsUpdate(seen[n]!));
        expectSameDocument(merged, after, `cycle ${cycle}, review ${n}: what the observer received is stored`);
      }
    }
    await server.stop();
  });

  it('compaction folds thousands of single-character updates into a snapshot and reloads the same state', async () => {
    const rng = createRng(testSeed('durability.compaction'));
    const server = await startTrackedServer({ env: compactEnv });
    const review = await createReview(server.url, 'Compaction review');
    const [writer, observer] = await connectPair(server, review);
    const findingIds = [0, 1, 2].map((n) => addFinding(writer.doc, { category: 'went-wrong', text: `f${n} ` }));
    typeSingleCharacters(writer.doc, findingIds, 3000, rng);
    await waitConverged([writer.doc, observer.doc], 'observer has all 3000 edits', 30_000);

    // 3003 stored updates. The room compacts when its count since the last snapshot reaches 500; a
    // compaction waits behind the writes already queued, so one may cover more than 500 of them.
    // The log line follows the commit, so wait for both: a short log and the snapshot it announced.
    const compactedUpto = () => logsFor(server, 'room.compacted', review.id).map((line) => line.uptoSeq as number);
    let stored = await storedRows(server.dataDir, review.id);
    await waitFor(async () => {
      stored = await storedRows(server.dataDir, review.id);
      return stored.updates.length <= COMPACT_EVERY && stored.snapshot?.upto_seq === compactedUpto().at(-1);
    }, `update log of at most ${COMPACT_EVERY} rows and its room.compacted log`);
    const compactions = compactedUpto();
    expect(compactions).toEqual([...compactions].sort((x, y) => x - y));
    const { updates, snapshot } = stored;
    expect(snapshot!.upto_seq + updates.length).toBe(3003);
    for (const seq of updates) expect(seq).toBeGreaterThan(snapshot!.upto_seq);
    expect(server.logs.filter((line) => line.level === 'error')).toEqual([]);
    console.log(`[durability.compaction] compactions at seq ${compactions.join(', ')}; ${updates.length} rows left`);
    const expected = copyOf(writer.doc);
    writer.destroy();
    observer.destroy();

    expect(await server.stop()).toBe(0);
    const restarted = await startTrackedServer({ dataDir: server.dataDir, env: compactEnv });
    const after = await readFresh(restarted.wsUrl, review.id, review.tokens.view);
    expectSameDocument(after, expected, 'after restart from the compacted snapshot');
    await waitFor(() => logsFor(restarted, 'conn.open', review.id).length === 1, 'conn.open of the fresh client');
    const loaded = logsFor(restarted, 'room.loaded', review.id);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.updates as number).toBeLessThanOrEqual(COMPACT_EVERY);
    expect(loaded[0]!.quarantined).toBe(0);
    await restarted.stop();
  });

  it('kill -9 inside the compaction transaction (snapshot written, log not yet deleted) leaves the old state, and the document whole', async () => {
    const rng = createRng(testSeed('durability.crash-in-compaction'));
    const every = 50;
    const env = { ...burstEnv, HINDSIGHT_COMPACT_EVERY: String(every) };
    const server = await startTrackedServer({ env: { ...env, HINDSIGHT_CRASH_IN_COMPACTION: 'true' } });
    const review = await createReview(server.url, 'Crash in compaction');
    const [writer, observer] = await connectPair(server, review);
    const before = await storedRows(server.dataDir, review.id);
    const observerClosed = new Promise<void>((resolve) => observer.provider.once('connection-close', () => resolve()));
    const findingId = addFinding(writer.doc, { category: 'went-wrong', text: 'typed before the crash: ' });
    // The observer holds the finding before the burst: what is relayed in the moments before a kill -9
    // need not reach it (once, at load average 40, it had not even the finding when the process died).
    await waitFor(() => listFindings(observer.doc).length === 1, 'the observer has the finding');
    typeSingleCharacters(writer.doc, [findingId], 3 * every, rng);
    // The hook kills the process (SIGKILL, no exit code) in its first compaction, before the commit.
    expect(await server.exited).toBeNull();
    expect(server.process.signalCode).toBe('SIGKILL');
    await observerClosed;
    const seen = copyOf(observer.doc);
    writer.destroy();
    observer.destroy();

    // Either the old state or the new one, never a mix: uncommitted, the snapshot is the one from
    // before, and every row it was to fold in is still in the log.
    const crashed = await storedRows(server.dataDir, review.id);
    console.log(`[durability.crash-in-compaction] ${crashed.updates.length} rows in the log at the crash`);
    expect(crashed.snapshot, 'snapshot unchanged by the interrupted compaction').toEqual(before.snapshot);
    expect(crashed.updates.length).toBeGreaterThanOrEqual(every);
    expect(reviewSnapshot(seen).findings.map((f) => f.text)).toHaveLength(1);

    // The next process loads the old state whole, then compacts it for real (its log is long enough).
    const restarted = await startTrackedServer({ dataDir: server.dataDir, env });
    const after = await readFresh(restarted.wsUrl, review.id, review.tokens.view);
    const merged = copyOf(after);
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(seen));
    expectSameDocument(merged, after, 'everything the observer received before the crash is stored');
    await waitFor(
      async () => ((await storedRows(restarted.dataDir, review.id)).snapshot?.upto_seq ?? 0) >= crashed.updates.at(-1)!,
      'the restarted server compacted the whole log',
    );
    expect(await restarted.stop()).toBe(0);
    const third = await startTrackedServer({ dataDir: server.dataDir, env });
    expectSameDocument(await readFresh(third.wsUrl, review.id, review.tokens.view), after, 'after the real compaction');
    await third.stop();
  });

  it('kill -9 right after compaction-triggering traffic loses nothing', async () => {
    const rng = createRng(testSeed('durability.compaction-crash'));
    let server = await startTrackedServer({ env: compactEnv });
    const review = await createReview(server.url, 'Compaction crash review');
    // Round 0's 1000 updates end exactly on a compaction boundary; the later rounds leave a partial
    // log beyond the snapshot, which the next process must replay on top of it.
    for (const [round, edits] of [999, 1234, 766].entries()) {
      const [writer, observer] = await connectPair(server, review);
      const snapshotBefore = (await storedRows(server.dataDir, review.id)).snapshot!.upto_seq;
      const findingId = addFinding(writer.doc, { category: 'contributing-factor', text: `round ${round} ` });
      typeSingleCharacters(writer.doc, [findingId], edits, rng);
      // Relayed means stored: the server broadcasts an update only after it is committed.
      await waitConverged([writer.doc, observer.doc], `round ${round} relayed`, 30_000);
      // Compaction runs beside the traffic, not inside it: wait until it has committed, then crash
      // at once, with the rest of the round's log still to replay on top of the new snapshot.
      await waitFor(
        async () => (await storedRows(server.dataDir, review.id)).snapshot!.upto_seq > snapshotBefore,
        `round ${round} compacted`,
        30_000,
      );
      const expected = copyOf(writer.doc);
      await server.kill9();
      writer.destroy();
      observer.destroy();
      const { snapshot, updates } = await storedRows(server.dataDir, review.id);
      expect(snapshot!.upto_seq, `round ${round} compacted before the crash`).toBeGreaterThan(snapshotBefore);
      console.log(
        `[durability.compaction-crash] round ${round}: snapshot upto ${snapshot!.upto_seq}, ${updates.length} rows beyond`,
      );

      server = await startTrackedServer({ dataDir: server.dataDir, env: compactEnv });
      const after = await readFresh(server.wsUrl, review.id, review.tokens.view);
      expectSameDocument(after, expected, `after kill -9 in round ${round}`);
    }
    await server.stop();
  });
});
