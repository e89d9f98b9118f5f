/**
 * Two rooms of one review on one PostgreSQL database, as on two instances, whose fan-out messages
 * never arrive (each on a private bus): what a room lacks is read from the database, and its
 * compaction never covers a row it lacks.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LocalFanoutBus } from '../fanout';
import { createLogger } from '../log';
import { PostgresStore } from '../store/postgres';
import { freshSchema, postgresReachable, TEST_DATABASE_URL } from '../testing/postgres';
import { decodeIncoming, encodeUpdate } from './messages';
import { Room, type RoomOptions } from './room';

const reachable = await postgresReachable();
const REVIEW = 'order-review';
const log = createLogger('silent');
const options = (): RoomOptions => ({
  fanout: new LocalFanoutBus().instance(),
  maxAwarenessStateBytes: 1024,
  awarenessPer10s: 100,
  compactEvery: 1000,
});

function editor() {
  return { connId: 'editor', role: 'editor' as const, send: () => undefined, close: () => undefined };
}

function typed(text: string): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getText(text).insert(0, text);
  return update;
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!reachable)('a review on two instances whose messages are lost', () => {
  it('compacts only up to the seq below which it misses nothing, and reads the missing row from the database', async () => {
    const schema = await freshSchema();
    const store = await PostgresStore.open(TEST_DATABASE_URL, { schema: schema.name });
    try {
      await store.createReview({ id: REVIEW, severity: 'SEV2', createdAt: new Date().toISOString() }, [], typed('base'));
      const first = await Room.load(REVIEW, store, log, options());
      const second = await Room.load(REVIEW, store, log, options());
      const [a, b] = [editor(), editor()];
      first.join(a);
      second.join(b);
      // Seq 1 on the first instance, seq 2 on the second, which never hears of seq 1.
      first.receive(a, decodeIncoming(encodeUpdate(typed('one'))));
      await first.whenIdle();
      second.receive(b, decodeIncoming(encodeUpdate(typed('two'))));
      await second.flush();
      // The second compacted (its document lacks seq 1); a fresh load must still have both.
      const stored = await store.loadDocument(REVIEW);
      const fresh = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(fresh, stored.snapshot);
      for (const row of stored.updates) Y.applyUpdate(fresh, row.data);
      expect([fresh.getText('one').toString(), fresh.getText('two').toString()]).toEqual(['one', 'two']);
      expect(stored.snapshotSeq).toBe(0);
      // Seq 2 beyond the gap: the second room reads seq 1 from the database.
      await waitUntil(() => second.doc.getText('one').toString() === 'one', 'the missing row read from the database');
      first.destroy();
      second.destroy();
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
