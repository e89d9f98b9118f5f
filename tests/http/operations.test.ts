/**
 * Issue 14, point 6: `GET /api/health` says whether the database and Redis answer, and `GET /metrics`
 * (behind HINDSIGHT_METRICS_TOKEN) counts what stock clients do: connections, stored and relayed
 * updates, refusals, gap fills.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addFinding, listFindings } from '@hindsight/review';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import { createCluster, multiInstanceReachable, privateRedis, type Cluster, type PrivateRedis } from '../support/multi';
import { createReview, startServer, stopAllServers, type TestServer } from '../support/server';
import { proxiedDatabaseUrl, type TcpProxy } from '../support/tcp-proxy';

const TOKEN = 'metrics-secret-0123456789';

let clients: SyncClient[] = [];
let clusters: Cluster[] = [];
let redises: PrivateRedis[] = [];
let proxies: TcpProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.down();
  for (const c of clients.splice(0)) c.destroy();
  for (const redis of redises.splice(0)) await redis.kill();
  await stopAllServers();
  for (const cluster of clusters.splice(0)) await cluster.drop();
});
afterAll(stopAllServers);

function client(server: TestServer, reviewId: string, token: string): SyncClient {
  const connected = connectClient(server.wsUrl, reviewId, token);
  clients.push(connected);
  return connected;
}

async function health(server: TestServer): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/health`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function scrape(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one series in a Prometheus text exposition (`labels` as written, e.g. `role="editor"`). */
function value(text: string, name: string, labels?: string): number {
  const key = labels ? `${name}{${labels}}` : name;
  const line = text.split('\n').find((l) => l.startsWith(`${key} `));
  if (!line) throw new Error(`no series ${key} in:\n${text.slice(0, 2000)}`);
  return Number(line.slice(key.length + 1));
}

describe('health and metrics on one instance (SQLite)', () => {
  it('health says the database answers and Redis is unused', async () => {
    const server = await startServer();
    expect(await health(server)).toEqual({ status: 200, body: { ok: true, database: 'ok', redis: 'unused' } });
  });

  it('metrics are off without a token, and need the token when it is set', async () => {
    const off = await startServer();
    expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    const on = await startServer({ env: { HINDSIGHT_METRICS_TOKEN: TOKEN } });
    const none = await fetch(`${on.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(`${on.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const text = await scrape(on);
    expect(text).toContain('process_resident_memory_bytes');
    expect(value(text, 'hindsight_updates_stored_total')).toBe(0);
  });

  it('counts the connections, stored and relayed updates and refusals of stock clients', async () => {
    const server = await startServer({ env: { HINDSIGHT_METRICS_TOKEN: TOKEN } });
    const review = await createReview(server.url);
    const [writer, reader] = [
      client(server, review.id, review.tokens.edit),
      client(server, review.id, review.tokens.edit),
    ];
    const viewer = client(server, review.id, review.tokens.view);
    await Promise.all([writer.synced, reader.synced, viewer.synced]);
    let text = await scrape(server);
    expect(value(text, 'hindsight_connections_open', 'role="editor"')).toBe(2);
    expect(value(text, 'hindsight_connections_open', 'role="viewer"')).toBe(1);
    expect(value(text, 'hindsight_rooms_loaded')).toBe(1);
    const stored = value(text, 'hindsight_updates_stored_total');
    const relayed = value(text, 'hindsight_updates_relayed_total');
    const appends = value(text, 'hindsight_storage_append_seconds_count');

    addFinding(writer.doc, { category: 'went-wrong', text: 'counted' });
    await waitFor(
      () => listFindings(reader.doc).length === 1 && listFindings(viewer.doc).length === 1,
      'the finding everywhere',
    );
    text = await scrape(server);
    expect(value(text, 'hindsight_updates_stored_total')).toBe(stored + 1);
    // One update, two receivers: the other editor and the viewer (never back to the writer).
    expect(value(text, 'hindsight_updates_relayed_total')).toBe(relayed + 2);
    expect(value(text, 'hindsight_storage_append_seconds_count')).toBe(appends + 1);

    // A viewer's own change is dropped at the wire, and counted.
    addFinding(viewer.doc, { category: 'lucky', text: 'not mine to write' });
    await waitFor(
      async () => value(await scrape(server), 'hindsight_update_refusals_total', 'reason="read_only"') >= 1,
      'the read-only refusal',
    );

    for (const c of clients.splice(0)) c.destroy();
    await waitFor(async () => {
      const after = await scrape(server);
      return ['editor', 'viewer', 'facilitator'].every(
        (role) => value(after, 'hindsight_connections_open', `role="${role}"`) === 0,
      );
    }, 'every connection closed');
  });
});

const reachable = await multiInstanceReachable();

describe.skipIf(!reachable)('health and metrics on PostgreSQL and Redis', () => {
  async function cluster(redisUrl?: string): Promise<Cluster> {
    const created = await createCluster(redisUrl);
    clusters.push(created);
    return created;
  }

  it('health says both answer, then Redis down (still 200) and up again', async () => {
    const redis = await privateRedis();
    redises.push(redis);
    const server = await (await cluster(redis.url)).start();
    expect(await health(server)).toEqual({ status: 200, body: { ok: true, database: 'ok', redis: 'ok' } });
    await redis.kill();
    await waitFor(async () => (await health(server)).body.redis === 'down', 'redis reported down');
    expect(await health(server)).toEqual({ status: 200, body: { ok: true, database: 'ok', redis: 'down' } });
    await redis.start();
    await waitFor(async () => (await health(server)).body.redis === 'ok', 'redis reported up again', 15_000);
  });

  it('health answers 503 while PostgreSQL cannot be reached, and 200 once it can again', async () => {
    const c = await cluster();
    const { url, proxy } = await proxiedDatabaseUrl(c.env.DATABASE_URL!);
    proxies.push(proxy);
    const server = await c.start({ DATABASE_URL: url, REDIS_URL: '' });
    expect(await health(server)).toEqual({ status: 200, body: { ok: true, database: 'ok', redis: 'unused' } });
    await proxy.down();
    expect(await health(server)).toEqual({ status: 503, body: { ok: false, database: 'down', redis: 'unused' } });
    await proxy.up();
    await waitFor(async () => (await health(server)).status === 200, 'the database reported up again');
    // A database that stops answering (no refusal, nothing) is down within the probe's 1 s, not the driver's 30 s.
    proxy.blackhole();
    const started = Date.now();
    expect(await health(server)).toEqual({ status: 503, body: { ok: false, database: 'down', redis: 'unused' } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('counts the gaps an instance fills from the database when fan-out messages are lost', async () => {
    const c = await cluster();
    // Every second update `a` publishes is dropped: `b` sees a gap and reads it from the database.
    const a = await c.start({ HINDSIGHT_FANOUT_DROP_EVERY: '2' });
    const b = await c.start({ HINDSIGHT_METRICS_TOKEN: TOKEN, HINDSIGHT_RECHECK_SECONDS: '1' });
    const review = await createReview(a.url);
    const writer = client(a, review.id, review.tokens.edit);
    const reader = client(b, review.id, review.tokens.edit);
    await Promise.all([writer.synced, reader.synced]);
    // Once `b`'s room listens to the fan-out: its catch-up read after the load would otherwise find
    // the findings stored meanwhile (reason "load") and no message would be missed at all.
    await waitFor(
      () => b.logs.some((l) => (l.msg === 'room.caught_up' || l.msg === 'room.gap_filled') && l.reason === 'load'),
      "b's room subscribed and caught up after its load",
    );
    for (let i = 0; i < 6; i++) addFinding(writer.doc, { category: 'went-wrong', text: `finding ${i}` });
    await waitFor(() => listFindings(reader.doc).length === 6, 'every finding on the other instance');
    const text = await scrape(b);
    expect(
      value(text, 'hindsight_fanout_gaps_filled_total', 'reason="gap"') +
        value(text, 'hindsight_fanout_gaps_filled_total', 'reason="recheck"'),
    ).toBeGreaterThan(0);
    expect(value(text, 'hindsight_connections_open', 'role="editor"')).toBe(1);
  });
});
