import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStore } from './index';
import { COMPACTION_LOCK_SPACE } from './document-log';
import { SCHEMA_VERSION } from './schema';
import { describeStoreContract, type StoreFactory } from '../../testing/store.contract';
import { describeSpaceStoreContract } from '../../testing/space-store.contract';
import { describeWebhookStoreContract } from '../../testing/webhook-store.contract';
import { freshSchema, postgresReachable, TEST_DATABASE_URL } from '../../testing/postgres';

const reachable = await postgresReachable();

let schema: Awaited<ReturnType<typeof freshSchema>> | undefined;
const factory: StoreFactory = {
  async open() {
    schema = await freshSchema();
    // The contract's afterEach cannot clean up a store that never opened: drop its schema here.
    return PostgresStore.open(TEST_DATABASE_URL, { schema: schema.name }).catch(async (err: unknown) => {
      await schema?.drop();
      throw err;
    });
  },
  async cleanup() {
    await schema?.drop();
  },
  async openSecond() {
    return PostgresStore.open(TEST_DATABASE_URL, { schema: schema!.name });
  },
};
describeStoreContract('PostgreSQL', factory, { skip: !reachable });
describeSpaceStoreContract('PostgreSQL', factory, { skip: !reachable });
describeWebhookStoreContract('PostgreSQL', factory, { skip: !reachable });

describe.skipIf(!reachable)('PostgreSQL specifics', () => {
  type Instance = Awaited<ReturnType<typeof PostgresStore.open>>;
  /** Runs `test` on `count` stores (as many instances) sharing one fresh schema (named), then drops it. */
  async function withInstances(count: number, test: (stores: Instance[], schema: string) => Promise<void>) {
    const s = await freshSchema();
    const opening = Array.from({ length: count }, () => PostgresStore.open(TEST_DATABASE_URL, { schema: s.name }));
    const opened = await Promise.allSettled(opening);
    const stores = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    try {
      // Every instance must open (the migration race); a refusal fails the test, after cleaning up.
      for (const o of opened) if (o.status === 'rejected') throw o.reason;
      await test(stores, s.name);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await s.drop();
    }
  }
  const withStore = (test: (store: Instance) => Promise<void>) => withInstances(1, ([store]) => test(store!));
  const empty = Y.encodeStateAsUpdate(new Y.Doc());
  const review = (id: string) => ({ id, severity: 'SEV2' as const, createdAt: new Date().toISOString() });

  it('compacts a review on one instance at a time: while another holds its lease, compaction changes nothing', async () => {
    await withInstances(2, async ([first, second], schema) => {
      const doc = new Y.Doc();
      await first!.createReview(review('r1'), [], Y.encodeStateAsUpdate(doc));
      const appended: Array<Promise<number>> = [];
      doc.on('update', (u: Uint8Array) => appended.push(first!.appendUpdate('r1', u)));
      doc.getText('t').insert(0, 'kept in the log');
      await Promise.all(appended);
      const before = await second!.loadDocument('r1');
      expect(before.updates).toHaveLength(1);
      // Another instance mid-compaction: its transaction holds the review's advisory lock.
      const holder = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
      try {
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const lockHeld = new Promise<void>((resolve) => (locked = resolve));
        const holding = holder.begin(async (tx) => {
          await tx`SELECT pg_advisory_xact_lock(${COMPACTION_LOCK_SPACE}, hashtext('r1'))`;
          locked();
          await released;
        });
        await lockHeld;
        expect(await second!.compact('r1', Y.encodeStateAsUpdate(doc), before.lastSeq)).toBe(false);
        expect(await second!.loadDocument('r1')).toEqual(before);
        release();
        await holding;
      } finally {
        await holder.end({ timeout: 1 });
      }
      expect(await second!.compact('r1', Y.encodeStateAsUpdate(doc), before.lastSeq)).toBe(true);
      expect((await second!.loadDocument('r1')).updates).toHaveLength(0);
    });
  });

  it('numbers each review’s updates on its own, densely from 1, also when appends of several reviews race', async () => {
    await withStore(async (store) => {
      await store.createReview(review('r1'), [], empty);
      await store.createReview(review('r2'), [], empty);
      // One at a time (a transaction each), alternating reviews, then 60 made together (one batch).
      const alone = [];
      for (let i = 0; i < 4; i++)
        alone.push(await store.appendUpdate(i % 2 === 0 ? 'r1' : 'r2', new Uint8Array([100 + i])));
      expect(alone).toEqual([1, 1, 2, 2]);
      const seqs = await Promise.all(
        Array.from({ length: 60 }, (_, i) => store.appendUpdate(i % 3 === 0 ? 'r2' : 'r1', new Uint8Array([i]))),
      );
      const r1 = seqs.filter((_, i) => i % 3 !== 0);
      const r2 = seqs.filter((_, i) => i % 3 === 0);
      // Resolved in the order made, so each review's seqs go on 3, 4, 5, … in that order.
      expect(r1).toEqual(Array.from({ length: 40 }, (_, i) => i + 3));
      expect(r2).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
      const loaded = await store.loadDocument('r2');
      expect(loaded.updates.map((u) => u.data[0])).toEqual([101, 103, ...Array.from({ length: 20 }, (_, i) => i * 3)]);
      await expect(store.appendUpdate('missing', new Uint8Array([1]))).rejects.toThrow(/no review missing/);
    });
  });

  it(
    'reads a document whole while another instance compacts it: never a snapshot without the rows after it',
    () =>
      withInstances(2, async ([writer, reader]) => {
        const doc = new Y.Doc();
        await writer!.createReview(review('r1'), [], Y.encodeStateAsUpdate(doc));
        const updates: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array) => updates.push(u));
        for (let i = 0; i < 120; i++) doc.getText('t').insert(i, 'x');
        // One batch (one commit), numbered in this order.
        await Promise.all(updates.map((update) => writer!.appendUpdate('r1', update)));
        const textOf = (stored: Awaited<ReturnType<Instance['loadDocument']>>) => {
          const rebuilt = new Y.Doc();
          if (stored.snapshot) Y.applyUpdate(rebuilt, stored.snapshot);
          for (const row of stored.updates) Y.applyUpdate(rebuilt, row.data);
          return rebuilt.getText('t').length;
        };
        let compacting = true;
        const compactions = (async () => {
          for (let upto = 3; upto <= updates.length; upto += 3) {
            const snapshot = Y.mergeUpdates(updates.slice(0, upto));
            await writer!.compact('r1', snapshot, upto);
          }
          compacting = false;
        })();
        const lengths: number[] = [];
        while (compacting)
          lengths.push(textOf(await reader!.loadDocument('r1')), textOf(await reader!.updatesAfter('r1', 0)));
        await compactions;
        expect(lengths.length).toBeGreaterThan(10);
        expect(lengths.filter((length) => length !== 120)).toEqual([]);
      }),
    60_000,
  );

  it('stores nothing of a batch that names a missing review, so its other rows, retried alone, land once', () =>
    withStore(async (store) => {
      await store.createReview(review('r1'), [], empty);
      // Made in one turn: one batch, which fails whole and is retried row by row.
      const results = await Promise.allSettled([
        store.appendUpdate('r1', new Uint8Array([7])),
        store.appendUpdate('missing', new Uint8Array([8])),
        store.appendUpdate('r1', new Uint8Array([9])),
      ]);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
        1,
        'Error: no review missing',
        2,
      ]);
      const loaded = await store.loadDocument('r1');
      expect(loaded.updates.map((u) => [u.seq, u.data[0]])).toEqual([
        [1, 7],
        [2, 9],
      ]);
    }));

  it('locks the reviews of an append batch in id order, so batches on two instances queue instead of deadlocking', () =>
    withInstances(1, async ([store], schema) => {
      await store!.createReview(review('r1'), [], empty);
      await store!.createReview(review('r2'), [], empty);
      const other = postgres(TEST_DATABASE_URL, { max: 2, onnotice: () => {}, connection: { search_path: schema } });
      try {
        // Another instance's append holds r1's counter row.
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let locked!: (pid: number) => void;
        const lockHeld = new Promise<number>((resolve) => (locked = resolve));
        const holding = other.begin(async (tx) => {
          const [holder] = await tx<
            Array<{ pid: number }>
          >`SELECT pg_backend_pid() AS pid FROM reviews WHERE id = 'r1' FOR UPDATE`;
          locked(holder!.pid);
          await released;
        });
        const holderPid = await lockHeld;
        // One batch, r2 first: it must wait for r1 before it takes r2, or two batches naming the
        // reviews in opposite orders would each hold what the other waits for.
        const appended = Promise.all([
          store!.appendUpdate('r2', new Uint8Array([2])),
          store!.appendUpdate('r1', new Uint8Array([1])),
        ]);
        await expect
          .poll(
            async () =>
              (
                await other`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${holderPid} = ANY(pg_blocking_pids(pid))`
              )[0]!.n,
          )
          .toBeGreaterThan(0);
        const [free] =
          await other`SELECT count(*)::int AS n FROM (SELECT 1 FROM reviews WHERE id = 'r2' FOR UPDATE SKIP LOCKED) AS r2`;
        expect(free!.n).toBe(1);
        release();
        await holding;
        expect(await appended).toEqual([1, 1]);
      } finally {
        await other.end({ timeout: 1 });
      }
    }));

  it('two instances appending to one review at once get one dense sequence between them', () =>
    withInstances(2, async ([a, b]) => {
      await a!.createReview(review('r1'), [], empty);
      // Several turns each, so the two instances' batches interleave.
      const turns = await Promise.all(
        [a!, b!].map(async (store, n) => {
          const seqs: number[] = [];
          for (let turn = 0; turn < 10; turn++) {
            const batch = Array.from({ length: 5 }, (_, i) => store.appendUpdate('r1', new Uint8Array([n, turn, i])));
            seqs.push(...(await Promise.all(batch)));
          }
          return seqs;
        }),
      );
      const all = turns.flat().sort((x, y) => x - y);
      expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      for (const seqs of turns) expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      const loaded = await b!.loadDocument('r1');
      expect(loaded.updates.map((u) => u.seq)).toEqual(all);
      expect(loaded.lastSeq).toBe(100);
    }));

  it('binds each personal link to one participant when joins race on two instances', () =>
    withInstances(2, async (stores) => {
      const links = Array.from({ length: 30 }, (_, i) => `link-personal-${String(i).padStart(3, '0')}`);
      const token = (id: string) => ({
        id,
        hash: `hash-${id}`,
        reviewId: 'r1',
        role: 'editor' as const,
        label: null,
        createdAt: new Date().toISOString(),
        expiresAt: null,
        revokedAt: null,
        personal: true,
      });
      await stores[0]!.createReview(review('r1'), links.map(token), empty);
      const joins = await Promise.all(
        links.flatMap((linkId) =>
          Array.from({ length: 4 }, (_, j) =>
            stores[j % 2]!.createParticipant(
              {
                id: `${linkId}-p${j}`,
                reviewId: 'r1',
                tokenHash: `ph-${linkId}-${j}`,
                role: 'editor',
                linkId,
                createdAt: new Date().toISOString(),
              },
              { onePerLink: true },
            ),
          ),
        ),
      );
      for (let i = 0; i < links.length; i++) expect(joins.slice(i * 4, i * 4 + 4).filter(Boolean)).toHaveLength(1);
    }));

  it('keeps one facilitator link per review when two instances race to revoke the last two', () =>
    withInstances(2, async (stores) => {
      const reviews = Array.from({ length: 20 }, (_, i) => `r${i}`);
      const facilitator = (reviewId: string, n: number) => ({
        id: `${reviewId}-fac-${n}`,
        hash: `hash-${reviewId}-${n}`,
        reviewId,
        role: 'facilitator' as const,
        label: null,
        createdAt: new Date().toISOString(),
        expiresAt: null,
        revokedAt: null,
        personal: false,
      });
      for (const id of reviews)
        await stores[0]!.createReview(review(id), [facilitator(id, 1), facilitator(id, 2)], empty);
      const at = new Date().toISOString();
      const outcomes = await Promise.all(
        reviews.flatMap((id) => [1, 2].map((n) => stores[n - 1]!.revokeToken(id, `${id}-fac-${n}`, at))),
      );
      for (let i = 0; i < reviews.length; i++) {
        expect(
          outcomes
            .slice(i * 2, i * 2 + 2)
            .map((o) => o.ok)
            .sort(),
        ).toEqual([false, true]);
      }
    }));

  it('loses no vote when seals race votes on two instances: kept totals plus live votes are every vote placed', () =>
    withInstances(2, async (stores) => {
      await stores[0]!.createReview(review('r1'), [], empty);
      const people = Array.from({ length: 20 }, (_, i) => `p${i}`);
      for (const id of people) {
        await stores[0]!.createParticipant({
          id,
          reviewId: 'r1',
          tokenHash: `h-${id}`,
          role: 'editor',
          linkId: null,
          createdAt: new Date().toISOString(),
        });
      }
      const limits = { perPerson: 3, perCandidate: null };
      const votes = people.flatMap((id, i) =>
        // Mostly on one candidate: after the first, a vote updates its row (no foreign key check).
        [0, 1, 2].map((k) => stores[(i + k) % 2]!.changeVote('r1', id, k === 2 ? 'c1' : 'c0', 1, limits)),
      );
      const seals = Array.from({ length: 6 }, (_, i) => stores[i % 2]!.sealVotes('r1'));
      const placed = (await Promise.all(votes)).filter((v) => v.ok).length;
      await Promise.all(seals);
      const kept = (await stores[0]!.sealedResult('r1'))!;
      const live = await stores[1]!.voteTallies('r1');
      const sum = (tallies: Record<string, number>) => Object.values(tallies).reduce((a, b) => a + b, 0);
      expect(placed).toBe(60);
      expect(sum(kept.tallies) + sum(live)).toBe(placed);
    }));

  it('leaves no forgotten words of an anonymous finding in the table’s pages (the VACUUM after each forget)', async () => {
    const s = await freshSchema();
    const store = await PostgresStore.open(TEST_DATABASE_URL, { schema: s.name });
    // pageinspect reads a page's bytes as stored, dead row versions included.
    const raw = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {}, connection: { search_path: s.name } });
    try {
      await raw`CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public`;
      await store.createReview(review('r1'), [], empty);
      const held = (id: string, text: string) =>
        store.holdAnonymousFinding({
          reviewId: 'r1',
          id,
          secretHash: `hash-${id}`,
          held: true,
          category: 'went-wrong',
          text,
          createdAt: '2026-03-14T14:00:00.000Z',
          releaseAt: null,
          pendingChange: null,
        });
      await held('f1', 'zebra-published');
      await held('f2', 'zebra-replaced');
      await held('f3', 'zebra-withdrawn');
      await held('f4', 'still held');
      await store.updateHeldFinding('r1', 'f2', { text: 'replacement' });
      await store.deleteAnonymousFinding('r1', 'f3');
      await store.claimForPublishing('r1', ['f1'], 'instance', 60_000);
      await store.markPublished('r1', ['f1'], 'instance');
      const pages = await raw<Array<{ page: Buffer }>>`
        SELECT public.get_raw_page('anonymous_findings', n::int) AS page
        FROM generate_series(0, pg_relation_size('anonymous_findings') / current_setting('block_size')::int - 1) AS n`;
      const stored = Buffer.concat(pages.map((p) => p.page)).toString('latin1');
      expect(stored).toContain('still held');
      expect(stored).toContain('replacement');
      expect(stored).not.toContain('zebra');
    } finally {
      await raw.end({ timeout: 1 });
      await store.close();
      await s.drop();
    }
  });

  it('refuses to open an unreachable database with an error naming where, never the password', async () => {
    const opening = PostgresStore.open('postgres://hindsight:s3cret@127.0.0.1:1/hindsight', { max: 1 });
    await expect(opening).rejects.toThrow(
      /cannot open the PostgreSQL store at 127\.0\.0\.1:1\/hindsight: .*ECONNREFUSED/,
    );
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });

  it('runs the server writes of one review one at a time across instances, and frees the lock when one throws', () =>
    withInstances(2, async ([a, b]) => {
      const spans: Array<{ reviewId: string; start: number; end: number }> = [];
      const write = (store: Instance, reviewId: string) =>
        store.withReviewLock(reviewId, async () => {
          const start = performance.now();
          // A write that takes a while (a few database round trips), so overlaps would show.
          for (let i = 0; i < 5; i++) await store.getReview(reviewId);
          spans.push({ reviewId, start, end: performance.now() });
        });
      await Promise.all([...Array.from({ length: 4 }, (_, i) => write(i % 2 ? a! : b!, 'r1')), write(a!, 'r2')]);
      const r1 = spans.filter((s) => s.reviewId === 'r1').sort((x, y) => x.start - y.start);
      expect(r1).toHaveLength(4);
      for (let i = 1; i < r1.length; i++) expect(r1[i]!.start).toBeGreaterThanOrEqual(r1[i - 1]!.end);
      // The lock is released when the write throws, and the error reaches the caller.
      await expect(a!.withReviewLock('r1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await b!.withReviewLock('r1', async () => 'next')).toBe('next');
    }));

  it('three instances migrating one schema at once all start, and each migration runs once', () =>
    withInstances(3, async (stores, schema) => {
      await stores[0]!.createReview(review('r1'), [], empty);
      expect(await stores[2]!.getReview('r1')).toMatchObject({ id: 'r1' });
      const raw = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
      try {
        const applied = await raw`SELECT version FROM schema_migrations ORDER BY version`;
        expect(applied.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      } finally {
        await raw.end({ timeout: 1 });
      }
    }));

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
