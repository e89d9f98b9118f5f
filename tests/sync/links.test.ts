/**
 * Share links across processes: a real server, real HTTP and real sockets (the stock y-websocket
 * client and a raw `ws`). Revoking a link refuses its token at once (HTTP and upgrade: 401) and
 * closes every live socket opened with it (4401) before the revocation is answered, leaving the
 * others open; an expired link is refused the same way, and a socket open when it expires is closed
 * then. A view link opens nothing else: no write route, no other review.
 *
 * No assertion here measures a delay across processes: on two busy cores any delivery can come
 * seconds late. "At once" is checked by order (the server's log of the revocation counts the sockets
 * it closed before answering); an expiry's close, by not coming before the expiry.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addFinding, listFindings, setTitle, readMeta } from '@hindsight/review';
import { connectClient, openRaw, upgradeStatus, waitFor, type RawSocket, type SyncClient } from '../support/clients';
import { createReview, startServer, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

afterAll(stopAllServers);

interface Answer {
  status: number;
  // Response shapes are asserted by the tests themselves.
  body: any;
}

async function api(url: string, method: string, token: string | null, body?: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

interface CreatedWithIds extends CreatedReview {
  linkIds: { facilitator: string; edit: string; view: string };
}

/** When a stock client was told to stop for good (`closed`: no reconnect), and with what. */
function watchFinalClose(client: SyncClient): Promise<{ code: number; reason: string; at: number }> {
  return new Promise((resolve) =>
    client.provider.on('closed', (event) => resolve({ code: event.code, reason: event.reason, at: Date.now() })),
  );
}

/** When a raw socket was closed, and with what. */
function watchRawClose(raw: RawSocket): Promise<{ code: number; reason: string; at: number }> {
  return raw.closed.then((close) => ({ ...close, at: Date.now() }));
}

const secret = () => randomBytes(32).toString('base64url');

describe('share links', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];
  const raws: RawSocket[] = [];
  const connect = (reviewId: string, token: string) => {
    const client = connectClient(server.wsUrl, reviewId, token);
    clients.push(client);
    return client;
  };
  const raw = (reviewId: string, token: string) => {
    const socket = openRaw(server.wsUrl, reviewId, token);
    raws.push(socket);
    return socket;
  };
  const review = async (title: string) => (await createReview(server.url, title)) as CreatedWithIds;
  const linksUrl = (reviewId: string) => `${server.url}/api/reviews/${reviewId}/links`;
  const info = (reviewId: string, token: string) => api(`${server.url}/api/reviews/${reviewId}`, 'GET', token);

  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of raws.splice(0)) socket.ws.terminate();
  });

  it('revoking a link refuses its token (401) and closes its live sockets with 4401 before it answers', async () => {
    const r = await review('Revoke');
    const facilitator = connect(r.id, r.tokens.facilitator);
    const editor = connect(r.id, r.tokens.edit);
    const viewer = connect(r.id, r.tokens.view);
    const rawEditor = raw(r.id, r.tokens.edit);
    await Promise.all([facilitator.synced, editor.synced, viewer.synced, rawEditor.opened]);
    const editorClosed = watchFinalClose(editor);
    const rawClosed = watchRawClose(rawEditor);

    const revoked = await api(`${linksUrl(r.id)}/${r.linkIds.edit}`, 'DELETE', r.tokens.facilitator);
    expect(revoked.status).toBe(204);
    // Closed by the revocation request itself: its log line, written before the answer, counts them.
    const revocationLog = () =>
      server.logs.find((line) => line.msg === 'review.link_revoked' && line.linkId === r.linkIds.edit);
    await waitFor(() => revocationLog() !== undefined, 'the revocation logged');
    expect(revocationLog()!.closed).toBe(2);

    for (const closed of [await editorClosed, await rawClosed]) {
      expect({ code: closed.code, reason: closed.reason }).toEqual({ code: 4401, reason: 'revoked' });
    }
    // The stock client stops for good: `closed` is emitted only when it will not reconnect.
    expect(editor.provider.shouldConnect).toBe(false);
    expect(editor.provider.wsconnected).toBe(false);

    // The token is refused everywhere now.
    expect(await info(r.id, r.tokens.edit)).toEqual({
      status: 401,
      body: { error: { code: 'revoked', message: expect.stringMatching(/revoked/) } },
    });
    expect(await upgradeStatus(server.wsUrl, `/sync/${r.id}?token=${r.tokens.edit}`)).toBe(401);

    // Everyone else stays connected and live.
    setTitle(facilitator.doc, 'Revoke: after');
    await waitFor(() => readMeta(viewer.doc).title === 'Revoke: after', 'the viewer still follows live');
    expect(facilitator.provider.wsconnected).toBe(true);

    // The list says so.
    const listed = await api(linksUrl(r.id), 'GET', r.tokens.facilitator);
    expect(listed.body.links.find((l: { id: string }) => l.id === r.linkIds.edit)).toMatchObject({ active: false });
  });

  it('a newly issued edit link works after the old one was revoked', async () => {
    const r = await review('Reissue');
    expect((await api(`${linksUrl(r.id)}/${r.linkIds.edit}`, 'DELETE', r.tokens.facilitator)).status).toBe(204);
    const issued = await api(linksUrl(r.id), 'POST', r.tokens.facilitator, { kind: 'edit' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ kind: 'edit', expiresAt: null, id: expect.any(String) });
    expect((await info(r.id, issued.body.token)).body.role).toBe('editor');

    const editor = connect(r.id, issued.body.token);
    const facilitator = connect(r.id, r.tokens.facilitator);
    await Promise.all([editor.synced, facilitator.synced]);
    addFinding(editor.doc, { category: 'went-well', text: 'The new link edits' });
    await waitFor(() => listFindings(facilitator.doc).length === 1, 'the facilitator receives the edit');
  });

  it('an expired link is refused on HTTP and upgrade (401), and a socket open at expiry is closed with 4401', async () => {
    const r = await review('Expiry');
    const other = connect(r.id, r.tokens.edit);
    await other.synced;
    // A link's expiry is fixed when it is issued, before anyone connects with it. How long connecting
    // takes depends on the machine's load, so the window is not guessed: it doubles until both
    // sockets were open with time to spare (at most a few rounds; each is awaited, not slept for).
    let expiresAt = '';
    let editor: SyncClient | undefined;
    let rawEditor: RawSocket | undefined;
    for (let windowMs = 1500; !editor; windowMs *= 2) {
      expect(windowMs, 'a window in which two sockets can connect').toBeLessThan(60_000);
      expiresAt = new Date(Date.now() + windowMs).toISOString();
      const issued = await api(linksUrl(r.id), 'POST', r.tokens.facilitator, { kind: 'edit', expiresAt });
      expect(issued.body.expiresAt).toBe(expiresAt);
      const client = connect(r.id, issued.body.token);
      const socket = raw(r.id, issued.body.token);
      let open = 0;
      void client.synced.then(() => open++);
      void socket.opened.then(() => open++);
      // Connected with at least a quarter of the window left, or try again with a longer one.
      const spareFrom = Date.parse(expiresAt) - windowMs / 4;
      await waitFor(() => open === 2 || Date.now() >= spareFrom, 'both sockets open, or the window too short');
      if (open === 2 && Date.now() < spareFrom) [editor, rawEditor] = [client, socket];
      else console.log(`[links.expiry] ${windowMs} ms was too short to connect; doubling it`);
    }
    const token = new URL(rawEditor!.ws.url).searchParams.get('token')!;
    const editorClosed = watchFinalClose(editor);
    const rawClosed = watchRawClose(rawEditor!);

    for (const closed of [await editorClosed, await rawClosed]) {
      expect({ code: closed.code, reason: closed.reason }).toEqual({ code: 4401, reason: 'expired' });
      // Not before the expiry (a little slack for clock granularity). How soon after is not
      // asserted: a timer on a busy machine fires late; one that never fires fails the wait.
      expect(closed.at).toBeGreaterThanOrEqual(Date.parse(expiresAt) - 20);
    }
    expect(await info(r.id, token)).toEqual({
      status: 401,
      body: { error: { code: 'expired', message: expect.stringMatching(/expired/), expiredAt: expiresAt } },
    });
    expect(await upgradeStatus(server.wsUrl, `/sync/${r.id}?token=${token}`)).toBe(401);
    expect(other.provider.wsconnected).toBe(true);
  });

  it('a co-facilitator link runs the review; revoking it closes its sockets, and the last one is kept', async () => {
    const r = await review('Co-facilitator');
    const issued = await api(linksUrl(r.id), 'POST', r.tokens.facilitator, { kind: 'facilitator', label: 'Priya' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ kind: 'facilitator', label: 'Priya' });
    const coToken: string = issued.body.token;
    const co = connect(r.id, coToken);
    await co.synced;
    const coClosed = watchFinalClose(co);
    // With two facilitator links, the first facilitator revokes the co-facilitator's.
    expect((await api(`${linksUrl(r.id)}/${issued.body.id}`, 'DELETE', r.tokens.facilitator)).status).toBe(204);
    expect(await coClosed).toMatchObject({ code: 4401, reason: 'revoked' });
    expect((await info(r.id, coToken)).body.error.code).toBe('revoked');
    // The first one is the last active facilitator link again.
    const last = await api(`${linksUrl(r.id)}/${r.linkIds.facilitator}`, 'DELETE', r.tokens.facilitator);
    expect(last).toMatchObject({ status: 409, body: { error: { code: 'last_facilitator' } } });
  });

  describe('a view link opens nothing else', () => {
    let r: CreatedWithIds;
    let otherReview: CreatedWithIds;
    let viewParticipant: string;
    let editParticipant: string;
    let findingId: string;
    let findingSecret: string;

    beforeAll(async () => {
      r = await review('View only');
      otherReview = await review('Someone else’s');
      const join = async (token: string) => {
        const joined = await api(`${server.url}/api/reviews/${r.id}/participants`, 'POST', token);
        expect(joined.status).toBe(201);
        return joined.body as { participantToken: string; role: string };
      };
      // Joining is allowed for viewers: a read-only identity (role viewer).
      const viewerJoin = await join(r.tokens.view);
      expect(viewerJoin.role).toBe('viewer');
      viewParticipant = viewerJoin.participantToken;
      editParticipant = (await join(r.tokens.edit)).participantToken;
      // Open the vote and the anonymous column, so that refusals below are for the role alone.
      const control = await api(`${server.url}/api/reviews/${r.id}/control`, 'PATCH', r.tokens.facilitator, {
        anonymity: 'optional',
        voting: 'open',
      });
      expect(control.status).toBe(200);
      findingSecret = secret();
      const posted = await api(`${server.url}/api/reviews/${r.id}/anonymous-findings`, 'POST', editParticipant, {
        category: 'went-wrong',
        text: 'Posted by an editor',
        secret: findingSecret,
      });
      expect(posted.status).toBe(201);
      findingId = posted.body.id;
    });

    type Route = { what: string; method: string; path: string; token: () => string; body?: () => unknown };
    const routes: Route[] = [
      { what: 'list links', method: 'GET', path: '/links', token: () => r.tokens.view },
      {
        what: 'issue a link',
        method: 'POST',
        path: '/links',
        token: () => r.tokens.view,
        body: () => ({ kind: 'edit' }),
      },
      {
        what: 'revoke a link',
        method: 'DELETE',
        path: '/links/:edit',
        token: () => r.tokens.view,
      },
      {
        what: 'change the controls',
        method: 'PATCH',
        path: '/control',
        token: () => r.tokens.view,
        body: () => ({ phase: 'vote' }),
      },
      { what: 'reset the votes', method: 'POST', path: '/votes/reset', token: () => r.tokens.view },
      {
        what: 'vote (view participant)',
        method: 'POST',
        path: '/votes',
        token: () => viewParticipant,
        body: () => ({ candidateId: 'finding:x', delta: 1 }),
      },
      {
        what: 'post an anonymous finding (view participant)',
        method: 'POST',
        path: '/anonymous-findings',
        token: () => viewParticipant,
        body: () => ({ category: 'lucky', text: 'planted', secret: secret() }),
      },
      {
        what: 'reword an anonymous finding (view participant, right secret)',
        method: 'PATCH',
        path: '/anonymous-findings/:finding',
        token: () => viewParticipant,
        body: () => ({ text: 'rewritten', secret: findingSecret }),
      },
      {
        what: 'reword an anonymous finding (view link token)',
        method: 'PATCH',
        path: '/anonymous-findings/:finding',
        token: () => r.tokens.view,
        body: () => ({ text: 'rewritten' }),
      },
      {
        what: 'delete an anonymous finding (view participant, right secret)',
        method: 'DELETE',
        path: '/anonymous-findings/:finding',
        token: () => viewParticipant,
        body: () => ({ secret: findingSecret }),
      },
      {
        what: 'delete an anonymous finding (view link token)',
        method: 'DELETE',
        path: '/anonymous-findings/:finding',
        token: () => r.tokens.view,
        body: () => ({}),
      },
      { what: 'count held findings', method: 'GET', path: '/anonymous-findings/held', token: () => r.tokens.view },
      { what: 'reveal held findings', method: 'POST', path: '/anonymous-findings/reveal', token: () => r.tokens.view },
      {
        what: 'close the review',
        method: 'POST',
        path: '/close',
        token: () => r.tokens.view,
        body: () => ({ closedBy: 'viewer' }),
      },
      { what: 'reopen the review', method: 'POST', path: '/reopen', token: () => r.tokens.view },
    ];
    const pathOf = (route: Route, reviewId: string) =>
      `${server.url}/api/reviews/${reviewId}${route.path.replace(':edit', r.linkIds.edit).replace(':finding', findingId)}`;

    it.each(routes.map((route) => [route.what, route] as const))('cannot %s (403)', async (_what, route) => {
      const answer = await api(pathOf(route, r.id), route.method, route.token(), route.body?.());
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toEqual(expect.any(String));
    });

    it('changed nothing through those routes', async () => {
      const links = await api(linksUrl(r.id), 'GET', r.tokens.facilitator);
      expect(links.body.links).toHaveLength(3);
      expect(links.body.links.every((l: { active: boolean }) => l.active)).toBe(true);
      const held = await api(`${server.url}/api/reviews/${r.id}/anonymous-findings/held`, 'GET', r.tokens.facilitator);
      expect(held.body).toEqual({ held: 1 });
      const votes = await api(`${server.url}/api/reviews/${r.id}/votes`, 'GET', viewParticipant);
      expect(votes.body).toMatchObject({ mine: {}, voting: 'open' });
      expect((await info(r.id, r.tokens.facilitator)).body.status).toBe('live');
    });

    it('opens no other review: HTTP 403 on every route and 403 on upgrade', async () => {
      expect((await info(otherReview.id, r.tokens.view)).status).toBe(403);
      for (const route of routes) {
        const answer = await api(pathOf(route, otherReview.id), route.method, route.token(), route.body?.());
        expect({ what: route.what, status: answer.status }).toEqual({ what: route.what, status: 403 });
      }
      expect(
        (await api(`${server.url}/api/reviews/${otherReview.id}/participants`, 'POST', r.tokens.view)).status,
      ).toBe(403);
      expect(await upgradeStatus(server.wsUrl, `/sync/${otherReview.id}?token=${r.tokens.view}`)).toBe(403);
      // Its own review it does open, read-only.
      expect(await upgradeStatus(server.wsUrl, `/sync/${r.id}?token=${r.tokens.view}`)).toBe(101);
    });
  });
});
