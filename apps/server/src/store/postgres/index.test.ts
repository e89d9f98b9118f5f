import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStore } from './index';
import { describeStoreContract } from '../../testing/store.contract';
import { freshSchema, postgresReachable, TEST_DATABASE_URL } from '../../testing/postgres';

const reachable = await postgresReachable();

let schema: Awaited<ReturnType<typeof freshSchema>> | undefined;
describeStoreContract(
  'PostgreSQL',
  {
    async open() {
      schema = await freshSchema();
      return PostgresStore.open(TEST_DATABASE_URL, { schema: schema.name });
    },
    async cleanup() {
      await schema?.drop();
    },
  },
  { skip: !reachable },
);

describe.skipIf(!reachable)('PostgreSQL specifics', () => {
  /** Runs `test` on a store in a fresh schema, then drops the schema. */
  async function withStore(test: (store: Awaited<ReturnType<typeof PostgresStore.open>>, schema: string) => Promise<void>) {
    const s = await freshSchema();
    const store = await PostgresStore.open(TEST_DATABASE_URL, { schema: s.name });
    try {
      await test(store, s.name);
    } finally {
      await store.close();
      await s.drop();
    }
  }
  const empty = Y.encodeStateAsUpdate(new Y.Doc());
  const review = (id: string) => ({ id, severity: 'SEV2' as const, createdAt: new Date().toISOString() });

  it('numbers each review’s updates on its own, densely from 1, also when appends of several reviews race', async () => {
    await withStore(async (store) => {
      await store.createReview(review('r1'), [], empty);
      await store.createReview(review('r2'), [], empty);
      const appends = Array.from({ length: 60 }, (_, i) =>
        store.appendUpdate(i % 3 === 0 ? 'r2' : 'r1', new Uint8Array([i])),
      );
      const seqs = await Promise.all(appends);
      const r1 = seqs.filter((_, i) => i % 3 !== 0);
      const r2 = seqs.filter((_, i) => i % 3 === 0);
      // Resolved in the order made, so each review's seqs come out 1, 2, 3, … in that order.
      expect(r1).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(r2).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const loaded = await store.loadDocument('r2');
      expect(loaded.updates.map((u) => u.data[0])).toEqual(Array.from({ length: 20 }, (_, i) => i * 3));
      await expect(store.appendUpdate('missing', new Uint8Array([1]))).rejects.toThrow(/no review missing/);
    });
  });

  it('two instances migrating one schema at once both start, and the schema is migrated once', async () => {
    const s = await freshSchema();
    try {
      const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(TEST_DATABASE_URL, { schema: s.name })));
      await stores[0]!.createReview(review('r1'), [], empty);
      expect(await stores[2]!.getReview('r1')).toMatchObject({ id: 'r1' });
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await s.drop();
    }
  });

  it('never moves a snapshot back: a compaction older than the kept snapshot changes nothing', async () => {
    await withStore(async (store) => {
      await store.createReview(review('r1'), [], empty);
      const seqs = [];
      for (let i = 0; i < 4; i++) seqs.push(await store.appendUpdate('r1', new Uint8Array([i])));
      await store.compact('r1', new Uint8Array([9, 9]), seqs[2]!);
      await store.compact('r1', new Uint8Array([8]), seqs[0]!);
      const loaded = await store.loadDocument('r1');
      expect(loaded.snapshot).toEqual(new Uint8Array([9, 9]));
      expect(loaded.snapshotSeq).toBe(seqs[2]);
      expect(loaded.updates.map((u) => u.seq)).toEqual([seqs[3]]);
    });
  });
});
