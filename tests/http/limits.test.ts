import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_LIMITS, ErrorBody } from '@hindsight/protocol';
import { addFinding, listFindings } from '@hindsight/review';
import { connectClient, openRaw, waitFor, type RawSocket, type SyncClient } from '../support/clients';
import { createReview, startServer, stopAllServers, type TestServer } from '../support/server';
import { drip, openTcp, refusedUpgrade, within, type TcpClient } from '../support/tcp';

afterAll(stopAllServers);

// Issue 13, point 3: the routes open to anyone are metered per client address, and the HTTP server
// does not let slow or idle clients hold its connections.

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_500;
const shortTimeouts = {
  HINDSIGHT_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
  HINDSIGHT_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
};

const tcpClients: TcpClient[] = [];
const syncClients: SyncClient[] = [];
const rawSockets: RawSocket[] = [];
afterEach(() => {
  for (const client of tcpClients.splice(0)) client.socket.destroy();
  for (const client of syncClients.splice(0)) client.destroy();
  for (const raw of rawSockets.splice(0)) raw.ws.terminate();
});

const tcp = (server: TestServer) => {
  const client = openTcp(server.port);
  tcpClients.push(client);
  return client;
};

/** `POST /api/reviews` as a client behind the proxy would send it, the proxy having written `forwardedFor`. */
const createFrom = (server: TestServer, forwardedFor: string) =>
  fetch(`${server.url}/api/reviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ title: 'Flood' }),
  });

async function expectRateLimited(res: Response, windowSeconds: number) {
  expect(res.status).toBe(429);
  const { error } = ErrorBody.parse(await res.json());
  expect(error.code).toBe('rate_limited');
  expect(error.retryAfterSeconds).toBeGreaterThan(windowSeconds - 30);
  expect(res.headers.get('retry-after')).toBe(String(error.retryAfterSeconds));
}

describe('rate limits per client address', () => {
  it('refuses a creation flood from one address at the default limit; another address still creates', async () => {
    // An empty value is no value: the server applies its default limit.
    const server = await startServer({
      env: { HINDSIGHT_CREATES_PER_HOUR: '', HINDSIGHT_TRUSTED_PROXY_HEADER: 'x-forwarded-for' },
    });
    for (let n = 0; n < DEFAULT_LIMITS.createsPerHour; n++) {
      expect((await createFrom(server, '203.0.113.7')).status).toBe(201);
    }
    await expectRateLimited(await createFrom(server, '203.0.113.7'), 3600);
    // What the client wrote before the proxy's own entry changes nothing.
    await expectRateLimited(await createFrom(server, '198.51.100.1, 203.0.113.7'), 3600);
    const importing = await fetch(`${server.url}/api/reviews/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: '{}',
    });
    await expectRateLimited(importing, 3600);
    expect((await createFrom(server, '203.0.113.8')).status).toBe(201);
  });

  it('never trusts the forwarded header unless a proxy is configured', async () => {
    const server = await startServer({ env: { HINDSIGHT_CREATES_PER_HOUR: '3' } });
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      expect((await createFrom(server, address)).status).toBe(201);
    }
    await expectRateLimited(await createFrom(server, '203.0.113.4'), 3600);
  });

  it('refuses WebSocket upgrades past the limit with 429, before the token is looked at', async () => {
    const server = await startServer({
      env: { HINDSIGHT_UPGRADES_PER_MINUTE: '3', HINDSIGHT_TRUSTED_PROXY_HEADER: 'x-forwarded-for' },
    });
    const review = await createReview(server.url);
    const syncUrl = `${server.wsUrl}/sync/${review.id}?token=${review.tokens.edit}`;
    for (let n = 0; n < 3; n++) {
      const raw = openRaw(server.wsUrl, review.id, review.tokens.edit);
      rawSockets.push(raw);
      await raw.opened;
    }
    for (const url of [syncUrl, `${server.wsUrl}/sync/${review.id}`]) {
      const refused = await refusedUpgrade(url);
      expect(refused.status).toBe(429);
      const { error } = ErrorBody.parse(refused.body);
      expect(error.code).toBe('rate_limited');
      expect(refused.retryAfter).toBe(String(error.retryAfterSeconds));
    }
    expect(rawSockets.every((raw) => raw.ws.readyState === WebSocket.OPEN)).toBe(true);
    // Behind the configured proxy, another client's address has its own budget.
    const other = new WebSocket(syncUrl, { headers: { 'x-forwarded-for': '203.0.113.8' } });
    await within(new Promise((resolve) => other.once('open', resolve)), 10_000, 'another address upgrades');
    other.terminate();
  });
});

describe('the HTTP server lets no client hold a connection', () => {
  it('disconnects a client that sends its headers one byte at a time, while others are served', async () => {
    const server = await startServer({ env: shortTimeouts });
    const loris = tcp(server);
    await loris.connected;
    const dripping = drip(
      loris.socket,
      `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(500)}`,
      50,
    );
    await waitFor(() => dripping.sent() > 10, 'the slow client has started');
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(loris.isClosed()).toBe(false);

    const { openMs } = await within(loris.closed, 15_000, 'the slow client is disconnected');
    expect(openMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
    expect(dripping.sent()).toBeLessThan(500); // it never finished its headers
    expect(loris.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('cuts a body that trickles in at the request timeout; a WebSocket open all along stays', async () => {
    const server = await startServer({ env: shortTimeouts });
    const review = await createReview(server.url);
    const writer = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const reader = connectClient(server.wsUrl, review.id, review.tokens.view);
    syncClients.push(writer, reader);
    await Promise.all([writer.synced, reader.synced]);

    const slow = tcp(server);
    await slow.connected;
    slow.socket.write(
      'POST /api/reviews HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n',
    );
    const dripping = drip(slow.socket, `{"title": "${'a'.repeat(480)}"}`, 50);
    const { openMs } = await within(slow.closed, 15_000, 'the slow body is cut');
    expect(openMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    expect(dripping.sent()).toBeLessThan(490);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);

    // The sync sockets, open longer than the request timeout, still carry edits.
    addFinding(writer.doc, { category: 'lucky', text: 'still connected' });
    await waitFor(() => listFindings(reader.doc).some((f) => f.text === 'still connected'), 'the edit is relayed');
    expect(server.logs.filter((line) => line.msg === 'conn.closing')).toEqual([]);
  });

  it('refuses connections over the cap at once; the idle ones holding it are closed at the header timeout', async () => {
    const server = await startServer({ env: { ...shortTimeouts, HINDSIGHT_MAX_CONNECTIONS: '4' } });
    const idle = [tcp(server), tcp(server), tcp(server), tcp(server)];
    await Promise.all(idle.map((client) => client.connected));

    const extra = tcp(server);
    const { openMs } = await within(extra.closed, 5_000, 'the connection over the cap is refused');
    expect(openMs).toBeLessThan(HEADERS_TIMEOUT_MS);
    expect(extra.received()).toBe('');
    expect(idle.some((client) => client.isClosed())).toBe(false);
    await expect.poll(() => server.logs.some((line) => line.msg === 'http.connections_dropped')).toBe(true);

    await within(Promise.all(idle.map((client) => client.closed)), 15_000, 'the idle connections are closed');
    for (const client of idle) expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
