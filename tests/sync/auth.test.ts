import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../support/db';
import { connectClient, upgradeStatus, waitFor } from '../support/clients';
import { createReview, startServer, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

afterAll(stopAllServers);

/** Attempts a WebSocket upgrade by hand and returns the HTTP answer (101 when it was accepted). */
function attemptUpgrade(server: TestServer, pathAndQuery: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      path: pathAndQuery,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Version': '13',
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: null });
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the assertion on the body shape reports it
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const wellShapedUnknownToken = () => 'hs_' + randomBytes(32).toString('base64url');

describe('sync auth', () => {
  let server: TestServer;
  let reviewA: CreatedReview;
  let reviewB: CreatedReview;

  beforeAll(async () => {
    server = await startServer();
    reviewA = await createReview(server.url, 'Review A');
    reviewB = await createReview(server.url, 'Review B');
  });

  it('refuses upgrades without a valid token for that review (401/403/400) and loads or stores nothing', async () => {
    const before = await dumpDatabase(server.dataDir);
    const B = reviewB.id;
    const tokenOfA = reviewA.tokens.edit;
    const editTokenOfB = reviewB.tokens.edit;
    type Case = { what: string; path: string; status: number; code: string; reviewId?: string };
    const unauthorized = (what: string, query: string): Case => ({
      what,
      path: `/sync/${B}${query}`,
      status: 401,
      code: 'unauthorized',
    });
    const forbidden = (what: string, reviewId: string, token: string): Case => ({
      what,
      path: `/sync/${reviewId}?token=${token}`,
      status: 403,
      code: 'forbidden',
      reviewId,
    });
    // Refused for the id alone, even with a valid token (of A) attached.
    const badId = (what: string, rawId: string, decoded?: string): Case => ({
      what,
      path: `/sync/${rawId}?token=${tokenOfA}`,
      status: 400,
      code: 'bad_review_id',
      reviewId: decoded,
    });
    const cases: Case[] = [
      unauthorized('no token', ''),
      unauthorized('empty token', '?token='),
      unauthorized('unknown well-shaped token', `?token=${wellShapedUnknownToken()}`),
      unauthorized('malformed token', '?token=not-a-token'),
      unauthorized('token with a bad character', `?token=${encodeURIComponent(editTokenOfB.slice(0, -1) + '!')}`),
      unauthorized('token one character short', `?token=${editTokenOfB.slice(0, -1)}`),
      unauthorized('token in the wrong case', `?token=hs_${editTokenOfB.slice(3).toUpperCase()}`),
      forbidden("A's facilitator token on B", B, reviewA.tokens.facilitator),
      forbidden("A's edit token on B", B, reviewA.tokens.edit),
      forbidden("A's view token on B", B, reviewA.tokens.view),
      forbidden("A's token on a review that does not exist", 'Z'.repeat(22), tokenOfA),
      badId('id too short', 'abc', 'abc'),
      badId('id with bad characters', "review!$'()*,;=:@x", "review!$'()*,;=:@x"),
      badId('id with dots', `${reviewA.id}.json`, `${reviewA.id}.json`),
      badId('id one over the length limit', 'a'.repeat(65), 'a'.repeat(65)),
      badId('very long id', 'a'.repeat(4000), 'a'.repeat(4000)),
      badId('percent-encoded slash', `${reviewA.id}%2F..`, `${reviewA.id}/..`),
      badId('percent-encoded path traversal', '..%2F..%2Fhindsight.sqlite', '../../hindsight.sqlite'),
      badId('percent-encoded NUL after A', `${reviewA.id}%00`, `${reviewA.id}\0`),
      badId('invalid percent-encoding', 'abcdefgh%E0%A4%A'),
      badId('non-ASCII id', 'r%C3%A9view-abcdef', 'réview-abcdef'),
    ];

    for (const c of cases) {
      const answer = await attemptUpgrade(server, c.path);
      expect({ what: c.what, status: answer.status, body: answer.body }).toEqual({
        what: c.what,
        status: c.status,
        body: { error: { code: c.code, message: expect.any(String) } },
      });
    }
    // The stock `ws` client sees the same statuses.
    expect(await upgradeStatus(server.wsUrl, `/sync/${B}`)).toBe(401);
    expect(await upgradeStatus(server.wsUrl, `/sync/${B}?token=${reviewA.tokens.edit}`)).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/sync/abc?token=${reviewA.tokens.edit}`)).toBe(400);

    // Barrier: a legitimate connection afterwards; once its conn.open line is in, every line the
    // refusals could have caused is in too (one process, one ordered stdout).
    const legit = connectClient(server.wsUrl, reviewA.id, reviewA.tokens.edit);
    await legit.synced;
    await waitFor(() => server.logs.some((l) => l.msg === 'conn.open' && l.reviewId === reviewA.id), 'conn.open on A');
    legit.destroy();

    // Every refusal is logged.
    const refusals = server.logs.filter((l) => l.msg === 'upgrade.refused');
    expect(refusals).toHaveLength(cases.length + 3);
    const loaded = server.logs.filter((l) => l.msg === 'room.loaded').map((l) => l.reviewId);
    // Only A's room was ever loaded: not B's, not one for any refused id.
    expect(loaded).toEqual([reviewA.id]);
    for (const c of cases) {
      if (c.reviewId) expect(loaded, c.what).not.toContain(c.reviewId);
    }
    expect(server.logs.filter((l) => l.msg === 'conn.open')).toHaveLength(1);
    // Nothing was written anywhere: not for B, not for any refused id, no update rows.
    expect(await dumpDatabase(server.dataDir)).toBe(before);
    // Refusals are logged without the token that was tried.
    const logged = JSON.stringify(server.logs);
    for (const token of [...Object.values(reviewA.tokens), ...Object.values(reviewB.tokens)]) {
      expect(logged).not.toContain(token.slice(3));
    }
  });

  it('GET /api/reviews/:id answers each token with its role; wrong review 403, no or unknown token 401', async () => {
    const get = async (reviewId: string, token?: string) => {
      const res = await fetch(`${server.url}/api/reviews/${reviewId}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const before = await dumpDatabase(server.dataDir);

    for (const [link, role] of [
      ['facilitator', 'facilitator'],
      ['edit', 'editor'],
      ['view', 'viewer'],
    ] as const) {
      const res = await get(reviewB.id, reviewB.tokens[link]);
      expect(res.status, link).toBe(200);
      expect(res.body).toMatchObject({ id: reviewB.id, title: 'Review B', role });
    }
    const error = (code: string) => ({ error: { code, message: expect.any(String) } });
    for (const link of ['facilitator', 'edit', 'view'] as const) {
      expect(await get(reviewB.id, reviewA.tokens[link])).toEqual({ status: 403, body: error('forbidden') });
    }
    expect(await get(reviewB.id)).toEqual({ status: 401, body: error('unauthorized') });
    expect(await get(reviewB.id, wellShapedUnknownToken())).toEqual({ status: 401, body: error('unauthorized') });
    expect(await get(reviewB.id, 'not-a-token')).toEqual({ status: 401, body: error('unauthorized') });
    expect(await get('abc', reviewA.tokens.edit)).toEqual({ status: 400, body: error('bad_review_id') });

    // Reading a review loads no room and writes nothing.
    expect(server.logs.filter((l) => l.msg === 'room.loaded' && l.reviewId === reviewB.id)).toEqual([]);
    expect(await dumpDatabase(server.dataDir)).toBe(before);
  });
});
