import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { proxiedDatabaseUrl, type TcpProxy } from '@hindsight/tests/support/tcp-proxy';
import { freshSchema, postgresReachable, TEST_DATABASE_URL } from '../../testing/postgres';
import type { Store } from '../types';
import { StoreUnavailableError } from '../unavailable';
import { PostgresStore, type PostgresOptions } from './index';
import { isPostgresUnavailable } from './unavailable';

const reachable = await postgresReachable();

/** An error shaped as the driver (or Node's socket) makes them. */
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('which PostgreSQL errors mean the database cannot be reached', () => {
  it('counts refused, cut and timed-out connections and a server shutting down or starting', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT']) {
      expect(isPostgresUnavailable(withCode(code)), code).toBe(true);
    }
    // SQLSTATEs: admin shutdown, cannot connect now, connection failure (class 08), too many connections
    for (const code of ['57P01', '57P03', '08006', '08001', '53300']) {
      expect(isPostgresUnavailable(withCode(code)), code).toBe(true);
    }
    const bothAddresses = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    expect(isPostgresUnavailable(bothAddresses)).toBe(true);
    expect(isPostgresUnavailable(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('does not count errors of the statement or of this process', () => {
    // unique violation, undefined table, lock timeout, the pool ended by close(), a plain bug
    for (const code of ['23505', '42P01', '55P03', 'CONNECTION_ENDED']) {
      expect(isPostgresUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isPostgresUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isPostgresUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe.skipIf(!reachable)('a PostgreSQL store whose database becomes unreachable', () => {
  /** Runs `test` on a store (review `r1` created) that reaches PostgreSQL through a proxy it can cut. */
  async function withProxiedStore(
    test: (store: Store, proxy: TcpProxy) => Promise<void>,
    options: PostgresOptions = {},
  ): Promise<void> {
    const schema = await freshSchema();
    const { url, proxy } = await proxiedDatabaseUrl(TEST_DATABASE_URL);
    const store = await PostgresStore.open(url, { ...options, schema: schema.name });
    try {
      const createdAt = new Date().toISOString();
      await store.createReview({ id: 'r1', severity: 'SEV2', createdAt }, [], new Uint8Array([0, 0]));
      await test(store, proxy);
    } finally {
      await proxy.up().catch(() => undefined);
      await store.close();
      await proxy.down();
      await schema.drop();
    }
  }

  it('refuses every call with StoreUnavailableError while it is down, and serves again once it is back', async () => {
    await withProxiedStore(async (store, proxy) => {
      const doc = new Y.Doc();
      const update = (text: string) => {
        const before = Y.encodeStateVector(doc);
        doc.getArray<string>('notes').push([text]);
        return Y.encodeStateAsUpdate(doc, before);
      };
      await store.appendUpdate('r1', update('stored before'));

      await proxy.down();
      // Appends of one turn share a batch: all of them are refused as unavailable, none as a bad row.
      const batch = ['lost 1', 'lost 2', 'lost 3'].map((text) => store.appendUpdate('r1', update(text)));
      for (const append of batch) await expect(append).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.loadDocument('r1')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.findToken('0'.repeat(64))).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      // The review locks' own pool too, and what the locked write would have run never runs.
      let ran = false;
      await expect(store.withReviewLock('r1', async () => (ran = true))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(ran).toBe(false);

      // Clients keep trying while it is down (each reconnect checks its token): the driver counts
      // every failed connection, and its default backoff then grows to 10-20 s.
      for (let attempt = 0; attempt < 10; attempt++) {
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      }

      await proxy.up();
      // No restart, no reopen: the driver connects afresh, within about a second, and nothing stayed wedged.
      const resumed = Date.now();
      const seq = await store.appendUpdate('r1', update('stored after'));
      await Promise.all(Array.from({ length: 8 }, () => store.loadDocument('r1')));
      expect(Date.now() - resumed).toBeLessThan(3_000);
      expect(await store.withReviewLock('r1', async () => 'locked')).toBe('locked');
      const stored = await store.loadDocument('r1');
      expect(stored.lastSeq).toBe(seq);
      const reloaded = new Y.Doc();
      for (const row of stored.updates) Y.applyUpdate(reloaded, row.data);
      // The refused appends are not in the log; the later one, which builds on them, waits for them
      // (its client sends them again when it reconnects).
      expect(reloaded.getArray('notes').toArray()).toEqual(['stored before']);
      expect(stored.updates).toHaveLength(2);
    });
  }, 60_000);

  it('a transaction whose connection is cut mid-way fails as unavailable, and the process lives on', async () => {
    // The driver (postgres 3.4.10) used to write the transaction's COMMIT or ROLLBACK to the socket
    // it had already dropped, from a setImmediate: an uncaught TypeError that ended the process
    // (porsager/postgres#1208). patches/postgres@3.4.10.patch makes it reject instead.
    await withProxiedStore(async (store, proxy) => {
      // Cut while the lock's transaction is open and idle (its write runs), then while a statement
      // of an append's transaction is in flight.
      const locked = store.withReviewLock('r1', async () => {
        await proxy.down();
        // Once another connection found the database gone, this one has seen its socket close too.
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
        return 'ran';
      });
      await expect(locked).rejects.toBeInstanceOf(StoreUnavailableError);
      await proxy.up();
      const appends = Array.from({ length: 20 }, (_, i) => store.appendUpdate('r1', new Uint8Array([i])));
      await proxy.down();
      for (const append of appends)
        await append.catch((err: unknown) => expect(err).toBeInstanceOf(StoreUnavailableError));
      await proxy.up();
      // A turn for any write the driver left scheduled on the dropped socket, then the store works.
      await new Promise((resolve) => setImmediate(resolve));
      expect(await store.withReviewLock('r1', async () => 'locked')).toBe('locked');
      await store.appendUpdate('r1', new Uint8Array([0, 0]));
    });
  }, 60_000);

  it('refuses appends the database does not answer (packets dropped) within the deadline, and stores again once it answers', async () => {
    await withProxiedStore(
      async (store, proxy) => {
        await store.appendUpdate('r1', new Uint8Array([0, 0]));
        proxy.blackhole();
        const started = Date.now();
        await expect(store.appendUpdate('r1', new Uint8Array([0, 0]))).rejects.toBeInstanceOf(StoreUnavailableError);
        // Refused at the deadline, not after TCP's minutes (nor held forever behind the hung batch).
        expect(Date.now() - started).toBeLessThan(5_000);
        proxy.heal();
        const seq = await store.appendUpdate('r1', new Uint8Array([0, 0]));
        expect((await store.loadDocument('r1')).lastSeq).toBeGreaterThanOrEqual(seq);
      },
      { appendDeadlineMs: 1_000 },
    );
  }, 60_000);

  it('closes at once after an outage (a graceful stop has 10 s in all)', async () => {
    const schema = await freshSchema();
    const { url, proxy } = await proxiedDatabaseUrl(TEST_DATABASE_URL);
    const store = await PostgresStore.open(url, { schema: schema.name });
    try {
      await store.ping();
      // A statement in flight when its connection is cut: the driver used to keep it as the
      // connection's current query, and end() then waited for its answer until end's timeout (5 s).
      const inFlight = store.ping();
      await proxy.down();
      await expect(inFlight).rejects.toBeInstanceOf(StoreUnavailableError);
      await proxy.up();
      await store.ping();
      const closing = Date.now();
      await store.close();
      expect(Date.now() - closing).toBeLessThan(2_000);
    } finally {
      await proxy.down();
      await schema.drop();
    }
  }, 60_000);

  it('a connection lost while the driver reads its type catalogue fails its query, and the process lives on', async () => {
    // Each new connection first asks for the array types, a query the driver did not await: when
    // the database went away then, its reconnect's ECONNREFUSED rejected it unhandled, which ends
    // the server (patched).
    await withProxiedStore(async (store, proxy) => {
      let down: Promise<void> | undefined;
      proxy.cutAfter = (fromClient) => {
        if (!fromClient.includes('typarray')) return false;
        proxy.cutAfter = undefined;
        down = proxy.down();
        return true;
      };
      // Pings at once: beyond the connection the pool has open, each needs a new one.
      const pings = await Promise.allSettled(Array.from({ length: 4 }, () => store.ping()));
      const refused = pings.flatMap((ping) => (ping.status === 'rejected' ? [ping.reason] : []));
      expect(refused.length).toBeGreaterThan(0);
      for (const reason of refused) expect(reason).toBeInstanceOf(StoreUnavailableError);
      expect(down).toBeDefined();
      await down;
      await proxy.up();
      // A turn for a rejection nobody handles to surface (vitest fails the run on one), then it serves.
      await new Promise((resolve) => setImmediate(resolve));
      await store.ping();
    });
  }, 60_000);
});
