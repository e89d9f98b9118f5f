/**
 * Issue 14, point 5: PostgreSQL down. Writes are refused (1011 / 503 with a clear error), nothing is
 * acknowledged that is not stored, and service resumes by itself. The server reaches a real
 * PostgreSQL through a TCP proxy that the test cuts (the machine's database stays up for everyone
 * else), with stock y-websocket clients: editors A and B, a viewer V, and a writer C who types as the
 * database goes away and closes the tab before it is back.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, listFindings, readControl } from '@hindsight/review';
import { CloseCode, CloseReason } from '@hindsight/protocol';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import { readFresh, sameState } from '../support/model';
import { createCluster, type Cluster } from '../support/multi';
import { documentInDatabase, postgresReachable } from '../support/postgres';
import { createReview, stopAllServers, type TestServer } from '../support/server';
import { refusedUpgrade } from '../support/tcp';
import { proxiedDatabaseUrl, type TcpProxy } from '../support/tcp-proxy';

const reachable = await postgresReachable();

let clients: SyncClient[] = [];
let clusters: Cluster[] = [];
let proxies: TcpProxy[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await stopAllServers();
  for (const proxy of proxies.splice(0)) await proxy.down();
  for (const cluster of clusters.splice(0)) await cluster.drop();
});
afterAll(stopAllServers);

/** A stock client that records every update the server sent it and every close it was given. */
interface Observed extends SyncClient {
  received: Uint8Array[];
  closes: Array<{ code: number; reason: string }>;
}

function observe(server: TestServer, reviewId: string, token: string): Observed {
  const client = connectClient(server.wsUrl, reviewId, token);
  const observed: Observed = { ...client, received: [], closes: [] };
  client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === client.provider) observed.received.push(update);
  });
  client.provider.on('connection-close', (event) => {
    if (event) observed.closes.push({ code: event.code, reason: event.reason });
  });
  clients.push(observed);
  return observed;
}

const texts = (doc: Y.Doc) => listFindings(doc).map((finding) => finding.text);
const note = (doc: Y.Doc, text: string) => addFinding(doc, { category: 'went-wrong', text });

async function post(server: TestServer, path: string, body: unknown, token?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method: path.endsWith('/control') ? 'PATCH' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
}

const DATABASE_UNAVAILABLE = {
  error: {
    code: 'database_unavailable',
    message: 'The database cannot be reached; nothing was saved. Try again shortly.',
    retryAfterSeconds: 5,
  },
};

describe.skipIf(!reachable)('PostgreSQL unreachable under a running server', () => {
  it('refuses writes with 1011 / 503, acknowledges nothing it did not store, and resumes by itself', async () => {
    const cluster = await createCluster();
    clusters.push(cluster);
    const { url, proxy } = await proxiedDatabaseUrl(cluster.env.DATABASE_URL!);
    proxies.push(proxy);
    // Compaction and the re-check run during the outage too (and must not wedge anything).
    const server = await cluster.start({
      DATABASE_URL: url,
      REDIS_URL: '',
      HINDSIGHT_COMPACT_EVERY: '3',
      HINDSIGHT_RECHECK_SECONDS: '1',
    });
    const review = await createReview(server.url);
    const [a, b, v, c] = [
      observe(server, review.id, review.tokens.edit),
      observe(server, review.id, review.tokens.edit),
      observe(server, review.id, review.tokens.view),
      observe(server, review.id, review.tokens.edit),
    ];
    await Promise.all([a.synced, b.synced, v.synced, c.synced]);
    for (const text of ['before 1', 'before 2', 'before 3', 'before 4']) note(a.doc, text);
    await waitFor(() => [b, v, c].every((x) => texts(x.doc).length === 4), 'the first findings everywhere');

    await proxy.down();
    // C's edit reaches the server, whose append fails: nobody may see it, and C is told why.
    note(c.doc, 'typed as the database went away');
    const everyone = [a, b, v, c];
    await waitFor(() => everyone.every((x) => x.closes.length > 0), 'every socket of the review closed');
    for (const x of everyone) {
      expect(x.closes[0]).toEqual({ code: CloseCode.InternalError, reason: CloseReason.DatabaseUnavailable });
    }
    // The close came after anything the server sent: had it relayed C's edit, it would be here by now.
    for (const x of [a, b, v]) expect(texts(x.doc)).not.toContain('typed as the database went away');

    // Writes over HTTP are refused, clearly, and so are reconnects.
    const created = await post(server, '/api/reviews', { title: 'During the outage' });
    expect(created).toEqual({ status: 503, retryAfter: '5', body: DATABASE_UNAVAILABLE });
    const control = await post(
      server,
      `/api/reviews/${review.id}/control`,
      { phase: 'vote' },
      review.tokens.facilitator,
    );
    expect(control).toEqual({ status: 503, retryAfter: '5', body: DATABASE_UNAVAILABLE });
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, database: 'down' });
    const upgrade = await refusedUpgrade(`${server.wsUrl}/sync/${review.id}?token=${review.tokens.edit}`);
    expect(upgrade).toEqual({ status: 503, retryAfter: '5', body: DATABASE_UNAVAILABLE });

    // Typed while the server cannot store: kept in the clients, sent once it can.
    note(a.doc, 'during the outage (A)');
    note(b.doc, 'during the outage (B)');
    // C closes the tab before the database is back: its edit was never stored, so nobody gets it.
    c.destroy();
    clients = clients.filter((x) => x !== c);

    await proxy.up();
    // No restart: the same process creates, stores and serves again.
    const later = await post(server, '/api/reviews', { title: 'After the outage' });
    expect(later.status).toBe(201);
    const expected = ['before 1', 'before 2', 'before 3', 'before 4', 'during the outage (A)', 'during the outage (B)'];
    const live = [a, b, v];
    await waitFor(
      () => live.every((x) => [...texts(x.doc)].sort().join('|') === [...expected].sort().join('|')),
      'A, B and the viewer converged on every edit but C’s',
      20_000,
    );
    const afterControl = await post(
      server,
      `/api/reviews/${review.id}/control`,
      { phase: 'vote' },
      review.tokens.facilitator,
    );
    expect(afterControl.status).toBe(200);
    await waitFor(() => live.every((x) => readControl(x.doc).phase === 'vote'), 'the phase change everywhere');

    const fresh = await readFresh(server.wsUrl, review.id, review.tokens.view);
    expect([...texts(fresh)].sort()).toEqual([...expected].sort());
    await waitFor(
      async () => sameState(await documentInDatabase(cluster.env.DATABASE_URL!, review.id), a.doc),
      'the database holds what A holds',
    );
    const stored = await documentInDatabase(cluster.env.DATABASE_URL!, review.id);
    expect([...texts(stored)].sort()).toEqual([...expected].sort());
    // The oracle: every update any client received from the server is in the database.
    for (const x of live) {
      const withReceived = new Y.Doc();
      Y.applyUpdate(withReceived, Y.encodeStateAsUpdate(stored));
      Y.applyUpdate(withReceived, Y.mergeUpdates(x.received));
      expect(sameState(withReceived, stored)).toBe(true);
    }

    expect(server.process.exitCode).toBeNull();
    const failed = server.logs.filter((line) => line.msg === 'room.store_failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((line) => line.unavailable === true)).toBe(true);
    // Refusals of a known kind, never the 500 of an unexpected error.
    expect(server.logs.filter((line) => line.msg === 'upgrade.failed')).toEqual([]);
  }, 90_000);
});
