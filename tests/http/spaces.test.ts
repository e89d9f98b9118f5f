/**
 * Team spaces on the real server (issue 15 part 3): a space token opens its own space and, as a
 * viewer read-only at the wire, the reviews in it, nothing else; a review token opens no space; a
 * member reads but cannot create, move or manage links; a review taken out of its space is no
 * longer opened by the space's tokens (live sockets closed 4401). The space's list, search,
 * follow-ups and weaknesses follow edits within seconds, and never show a held anonymous finding
 * or an author. Runs on SQLite, and on PostgreSQL with HINDSIGHT_TEST_STORE=postgres.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAction,
  addFinding,
  listFindings,
  promoteToRootCause,
  setKeyTime,
  setTitle,
  updateFinding,
  updateRootCause,
} from '@hindsight/review';
import { closeCode, connectClient, openRaw, upgradeStatus, waitFor, type SyncClient } from '../support/clients';
import { captureUpdates, fetchServerDoc, requestStep2, syncUpdateFrame } from '../support/frames';
import {
  callApi,
  startServer,
  stopAllServers,
  tempDataDir,
  type CreatedReview,
  type TestServer,
} from '../support/server';

interface CreatedSpace {
  id: string;
  name: string;
  links: { admin: string; member: string };
  tokens: { admin: string; member: string };
}

let server: TestServer;
const clients: SyncClient[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await stopAllServers();
});

async function api(method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function createSpace(name: string): Promise<CreatedSpace> {
  return json<CreatedSpace>(await api('POST', '/spaces', null, { name }), 201);
}

async function createInSpace(space: CreatedSpace, title: string, severity = 'SEV2'): Promise<CreatedReview> {
  return json<CreatedReview>(
    await api('POST', `/spaces/${space.id}/reviews`, space.tokens.admin, { title, severity }),
    201,
  );
}

async function createPlainReview(title: string): Promise<CreatedReview> {
  return json<CreatedReview>(await api('POST', '/reviews', null, { title }), 201);
}

function connect(reviewId: string, token: string): SyncClient {
  const client = connectClient(server.wsUrl, reviewId, token);
  clients.push(client);
  return client;
}

type Summary = { id: string; title: string; status: string; weaknesses: string[]; link: string };
type SearchResult = { reviews: Array<Summary & { hits: Array<{ section: string; text: string }> }> };

async function search(space: CreatedSpace, query: string, token = space.tokens.member): Promise<SearchResult> {
  return json<SearchResult>(await api('GET', `/spaces/${space.id}/search?${query}`, token), 200);
}

async function errorCode(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error: { code: string } };
  return [response.status, body.error.code];
}

describe('team spaces: access', () => {
  it('a space token opens its own space only, a review token opens none, and a member only reads', async () => {
    const space = await createSpace('  Payments team  ');
    const other = await createSpace('Search team');
    expect(space).toMatchObject({
      name: 'Payments team',
      links: {
        admin: `${server.url}/s/${space.id}#token=${space.tokens.admin}`,
        member: `${server.url}/s/${space.id}#token=${space.tokens.member}`,
      },
    });
    expect(space.tokens.admin).toMatch(/^hs_[A-Za-z0-9_-]{43}$/);

    expect(await json(await api('GET', `/spaces/${space.id}`, space.tokens.admin), 200)).toMatchObject({
      id: space.id,
      name: 'Payments team',
      role: 'admin',
      reviews: [],
    });
    expect(await json(await api('GET', `/spaces/${space.id}`, space.tokens.member), 200)).toMatchObject({
      role: 'member',
    });
    // Another space's token, a review's token, none, and a malformed id.
    const review = await createInSpace(space, 'Checkout outage');
    for (const token of [other.tokens.admin, other.tokens.member]) {
      expect(await errorCode(await api('GET', `/spaces/${space.id}`, token))).toEqual([403, 'forbidden']);
      expect((await api('GET', `/spaces/${space.id}/search`, token)).status).toBe(403);
    }
    for (const token of [review.tokens.facilitator, review.tokens.view, null, `hs_${'A'.repeat(43)}`]) {
      expect((await api('GET', `/spaces/${space.id}`, token)).status).toBe(401);
      expect((await api('GET', `/spaces/${space.id}/actions`, token)).status).toBe(401);
    }
    expect((await api('GET', '/spaces/not%20an%20id', space.tokens.admin)).status).toBe(400);

    // A member cannot create reviews, manage links or move reviews in.
    expect(
      await errorCode(await api('POST', `/spaces/${space.id}/reviews`, space.tokens.member, { title: 'x' })),
    ).toEqual([403, 'admin_only']);
    expect((await api('GET', `/spaces/${space.id}/links`, space.tokens.member)).status).toBe(403);
    expect((await api('POST', `/spaces/${space.id}/links`, space.tokens.member, { kind: 'admin' })).status).toBe(403);
    const outside = await createPlainReview('Outside');
    expect(
      await errorCode(
        await api('PUT', `/reviews/${outside.id}/space`, outside.tokens.facilitator, {
          spaceToken: space.tokens.member,
        }),
      ),
    ).toEqual([403, 'admin_only']);
    // Only the review's facilitator moves it, whatever space token it brings (a space token opens no review outside it).
    expect(
      (await api('PUT', `/reviews/${outside.id}/space`, outside.tokens.edit, { spaceToken: space.tokens.admin }))
        .status,
    ).toBe(403);
    expect(
      (await api('PUT', `/reviews/${outside.id}/space`, space.tokens.admin, { spaceToken: space.tokens.admin })).status,
    ).toBe(403);
    // Bad bodies: a clear JSON error, nothing created.
    expect(await errorCode(await api('POST', '/spaces', null, { name: '   ' }))).toEqual([400, 'invalid_body']);
    expect(await errorCode(await api('POST', '/spaces', null, { name: 'x'.repeat(101) }))).toEqual([
      400,
      'invalid_body',
    ]);
    expect(await errorCode(await api('GET', `/spaces/${space.id}/search?severity=SEV9`, space.tokens.member))).toEqual([
      400,
      'invalid_query',
    ]);
  });

  it('a space token opens the space’s reviews as a viewer (read-only at the wire), no other review, never as editor', async () => {
    const space = await createSpace('Platform');
    const other = await createSpace('Other');
    const inSpace = await createInSpace(space, 'Queue backlog');
    const outside = await createPlainReview('Not in the space');
    const inOther = await createInSpace(other, 'Other space review');

    for (const token of [space.tokens.admin, space.tokens.member]) {
      expect(await json(await api('GET', `/reviews/${inSpace.id}`, token), 200)).toMatchObject({ role: 'viewer' });
      expect((await api('GET', `/reviews/${inSpace.id}/export.json`, token)).status).toBe(200);
      expect((await api('GET', `/reviews/${inSpace.id}/actions`, token)).status).toBe(403);
      expect((await api('POST', `/reviews/${inSpace.id}/close`, token, { closedBy: 'x' })).status).toBe(403);
      expect((await api('GET', `/reviews/${outside.id}`, token)).status).toBe(403);
      expect((await api('GET', `/reviews/${inOther.id}`, token)).status).toBe(403);
      expect(await upgradeStatus(server.wsUrl, `/sync/${outside.id}?token=${token}`)).toBe(403);
      expect(await upgradeStatus(server.wsUrl, `/sync/${inOther.id}?token=${token}`)).toBe(403);
    }
    // The review's own GET tells its facilitator which space holds it.
    expect(await json(await api('GET', `/reviews/${inSpace.id}`, inSpace.tokens.facilitator), 200)).toMatchObject({
      role: 'facilitator',
      space: { id: space.id, name: 'Platform' },
    });

    // A raw write through a space token's socket is refused at the wire: nobody ever sees it.
    const editor = connect(inSpace.id, inSpace.tokens.edit);
    const watcher = connect(inSpace.id, inSpace.tokens.view);
    await Promise.all([editor.synced, watcher.synced]);
    addFinding(editor.doc, { category: 'went-well', text: 'Autoscaling caught up' });
    // Relayed only once stored: from here the server's document holds it.
    await waitFor(() => listFindings(watcher.doc).length === 1, 'the finding is stored');
    const raw = openRaw(server.wsUrl, inSpace.id, space.tokens.member);
    await raw.opened;
    const forged = await fetchServerDoc(raw.ws);
    expect(listFindings(forged).map((finding) => finding.text)).toEqual(['Autoscaling caught up']);
    const [update] = captureUpdates(forged, () =>
      addFinding(forged, { category: 'went-wrong', text: 'planted through a space link' }),
    );
    raw.ws.send(syncUpdateFrame(update!));
    // Answered after the forged frame was handled, on the same socket: the server's whole document.
    const afterForgery = new Y.Doc();
    Y.applyUpdate(afterForgery, await requestStep2(raw.ws));
    expect(listFindings(afterForgery).map((finding) => finding.text)).toEqual(['Autoscaling caught up']);
    // A legitimate change afterwards reaches everyone; the planted finding reaches nobody.
    addFinding(editor.doc, { category: 'lucky', text: 'The queue drained by itself' });
    const fresh = connect(inSpace.id, inSpace.tokens.view);
    await fresh.synced;
    await waitFor(() => listFindings(fresh.doc).length === 2, 'the legit finding reaches a fresh client');
    await waitFor(() => listFindings(watcher.doc).length === 2, 'the legit finding reaches the watcher');
    for (const doc of [fresh.doc, watcher.doc, editor.doc]) {
      expect(listFindings(doc).map((finding) => finding.text)).not.toContain('planted through a space link');
    }
    raw.ws.close();
  });

  it('moving a review in and out of a space: its tokens open it only while it is there, live sockets close 4401', async () => {
    const space = await createSpace('SRE');
    const review = await createPlainReview('DNS outage');
    expect((await api('GET', `/reviews/${review.id}`, space.tokens.member)).status).toBe(403);
    expect(
      await json(
        await api('PUT', `/reviews/${review.id}/space`, review.tokens.facilitator, { spaceToken: space.tokens.admin }),
        200,
      ),
    ).toEqual({ spaceId: space.id, name: 'SRE' });
    const listed = await json<{ reviews: Summary[] }>(
      await api('GET', `/spaces/${space.id}`, space.tokens.member),
      200,
    );
    expect(listed.reviews.map((entry) => [entry.id, entry.title, entry.link])).toEqual([
      [review.id, 'DNS outage', `${server.url}/r/${review.id}#token=${space.tokens.member}`],
    ]);

    const viewer = openRaw(server.wsUrl, review.id, space.tokens.member);
    await viewer.opened;
    // A participant identity joined through the space's link (a viewer's, for reading votes).
    const joined = await json<{ participantToken: string; role: string }>(
      await api('POST', `/reviews/${review.id}/participants`, space.tokens.member),
      201,
    );
    expect(joined.role).toBe('viewer');
    expect((await api('GET', `/reviews/${review.id}/votes`, joined.participantToken)).status).toBe(200);
    const adminViewer = openRaw(server.wsUrl, review.id, space.tokens.admin);
    await adminViewer.opened;
    const editor = openRaw(server.wsUrl, review.id, review.tokens.edit);
    await editor.opened;

    expect((await api('DELETE', `/reviews/${review.id}/space`, review.tokens.edit)).status).toBe(403);
    expect((await api('DELETE', `/reviews/${review.id}/space`, review.tokens.facilitator)).status).toBe(204);
    expect(await closeCode(viewer)).toBe(4401);
    expect(await closeCode(adminViewer)).toBe(4401);
    expect((await api('GET', `/reviews/${review.id}`, space.tokens.member)).status).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/sync/${review.id}?token=${space.tokens.member}`)).toBe(403);
    expect(await errorCode(await api('GET', `/reviews/${review.id}/votes`, joined.participantToken))).toEqual([
      401,
      'revoked',
    ]);
    expect(
      (await json<{ reviews: Summary[] }>(await api('GET', `/spaces/${space.id}`, space.tokens.admin), 200)).reviews,
    ).toEqual([]);
    expect(await json(await api('GET', `/reviews/${review.id}`, review.tokens.facilitator), 200)).toMatchObject({
      space: null,
    });
    // The review's own links are untouched.
    expect(editor.ws.readyState).toBe(editor.ws.OPEN);
    editor.ws.close();
  });

  it('revoking a space link closes its sockets (4401) and refuses it everywhere; the last admin link stays', async () => {
    const space = await createSpace('Links');
    const review = await createInSpace(space, 'Revocation');
    const issued = await json<{ id: string; token: string; link: string; kind: string }>(
      await api('POST', `/spaces/${space.id}/links`, space.tokens.admin, { kind: 'member', label: 'On-call' }),
      201,
    );
    expect(issued.link).toBe(`${server.url}/s/${space.id}#token=${issued.token}`);
    const links = await json<{ links: Array<{ id: string; kind: string; label: string | null; active: boolean }> }>(
      await api('GET', `/spaces/${space.id}/links`, space.tokens.admin),
      200,
    );
    expect(links.links.map((link) => [link.kind, link.label, link.active])).toEqual([
      ['admin', null, true],
      ['member', null, true],
      ['member', 'On-call', true],
    ]);
    const socket = openRaw(server.wsUrl, review.id, issued.token);
    await socket.opened;
    expect((await api('DELETE', `/spaces/${space.id}/links/${issued.id}`, space.tokens.admin)).status).toBe(204);
    expect(await closeCode(socket)).toBe(4401);
    expect(await errorCode(await api('GET', `/spaces/${space.id}`, issued.token))).toEqual([401, 'revoked']);
    expect((await api('GET', `/reviews/${review.id}`, issued.token)).status).toBe(401);
    const admin = links.links[0]!;
    expect(await errorCode(await api('DELETE', `/spaces/${space.id}/links/${admin.id}`, space.tokens.admin))).toEqual([
      409,
      'last_admin',
    ]);
  });
});

describe('team spaces: the creation limit', () => {
  it('creating spaces, reviews and reviews in a space share one budget per address', async () => {
    const limited = await startServer({ env: { HINDSIGHT_CREATES_PER_HOUR: '3' } });
    const post = (path: string, token: string | null, body: unknown) =>
      fetch(`${limited.url}/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const space = (await (await post('/spaces', null, { name: 'Budget' })).json()) as CreatedSpace;
    expect((await post('/reviews', null, { title: 'One' })).status).toBe(201);
    expect((await post(`/spaces/${space.id}/reviews`, space.tokens.admin, { title: 'Two' })).status).toBe(201);
    for (const [path, token, body] of [
      ['/spaces', null, { name: 'Too many' }],
      ['/reviews', null, { title: 'Too many' }],
      [`/spaces/${space.id}/reviews`, space.tokens.admin, { title: 'Too many' }],
    ] as const) {
      const refused = await post(path, token, body);
      expect(await errorCode(refused)).toEqual([429, 'rate_limited']);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    await limited.stop();
  });
});

describe('team spaces: importing', () => {
  it('an admin imports an export file into the space, where its words are found at once; a member cannot', async () => {
    const space = await createSpace('Imports');
    const source = await createPlainReview('Imported incident');
    const board = connect(source.id, source.tokens.edit);
    const reader = connect(source.id, source.tokens.view);
    await Promise.all([board.synced, reader.synced]);
    const word = `tapir${randomBytes(3).toString('hex')}`;
    addFinding(board.doc, { category: 'lucky', text: `The ${word} replica was warm`, author: 'Imogen Authorname' });
    await waitFor(() => listFindings(reader.doc).length === 1, 'the finding is stored');
    const file = await (await api('GET', `/reviews/${source.id}/export.json`, source.tokens.view)).json();

    expect(await errorCode(await api('POST', `/spaces/${space.id}/reviews/import`, space.tokens.member, file))).toEqual(
      [403, 'admin_only'],
    );
    expect(
      await errorCode(await api('POST', `/spaces/${space.id}/reviews/import`, space.tokens.admin, { format: 'x' })),
    ).toEqual([400, 'invalid_body']);
    const imported = await json<CreatedReview>(
      await api('POST', `/spaces/${space.id}/reviews/import`, space.tokens.admin, file),
      201,
    );
    expect(imported.id).not.toBe(source.id);
    expect(await json(await api('GET', `/reviews/${imported.id}`, space.tokens.member), 200)).toMatchObject({
      title: 'Imported incident',
      role: 'viewer',
    });
    const found = await search(space, `q=${word}`);
    expect(found.reviews.map((review) => [review.id, review.hits])).toEqual([
      [imported.id, [{ section: 'finding', text: expect.stringContaining(word) }]],
    ]);
    expect(JSON.stringify(found)).not.toContain('Authorname');
  });
});

describe('team spaces: list, search, follow-ups and weaknesses', () => {
  it('follow edits within seconds, filter, and never find a held anonymous finding or an author', async () => {
    const space = await createSpace('Checkout = team');
    const first = await createInSpace(space, 'Payment errors in EU', 'SEV1');
    const second = await createInSpace(space, 'Search latency', 'SEV3');
    const third = await createInSpace(space, 'Cache stampede', 'SEV2');
    const word = `zebra${randomBytes(3).toString('hex')}`;

    // Typed into a review: found by the space's search within seconds, without reloading anything.
    const board = connect(first.id, first.tokens.edit);
    await board.synced;
    const finding = addFinding(board.doc, {
      category: 'went-wrong',
      text: `The ${word} pool ran dry during the deployment`,
      author: 'Priya Authorname',
    });
    updateFinding(board.doc, finding, { weakness: 'capacity' });
    const rootCause = promoteToRootCause(board.doc, { kind: 'finding', id: finding });
    updateRootCause(board.doc, rootCause, { weakness: 'capacity' });
    setKeyTime(board.doc, 'started', '2026-02-10T10:00:00Z');
    setKeyTime(board.doc, 'detected', '2026-02-10T10:12:00Z');
    addAction(board.doc, { title: 'Raise the pool size', owner: 'Sam', due: '2020-01-01', weakness: 'capacity' });
    addAction(board.doc, { title: '=HYPERLINK("http://evil")', owner: '@Ana', due: '2099-01-01' });
    addAction(board.doc, { title: 'Write the runbook', owner: '', due: '' });
    const started = Date.now();
    await expect
      .poll(async () => (await search(space, `q=${word}`)).reviews.map((review) => review.id), {
        timeout: 8_000,
        interval: 100,
      })
      .toEqual([first.id]);
    const indexedAfterMs = Date.now() - started;
    console.log(`search hit for a typed finding after ${indexedAfterMs} ms`);
    expect(indexedAfterMs).toBeLessThan(5_000);

    const [hit] = (await search(space, `q=${word}%20deploy`)).reviews;
    expect(hit).toMatchObject({ id: first.id, title: 'Payment errors in EU', weaknesses: ['capacity'] });
    expect(hit!.hits).toEqual([{ section: 'root-cause', text: expect.stringContaining(word) }]);
    // Prefix of the last word, and filters.
    expect((await search(space, `q=${word.slice(0, 7)}`)).reviews.map((review) => review.id)).toEqual([first.id]);
    expect((await search(space, `q=${word}&severity=SEV3`)).reviews).toEqual([]);
    expect((await search(space, 'severity=SEV1')).reviews.map((review) => [review.id, review.hits])).toEqual([
      [first.id, []],
    ]);
    expect((await search(space, 'weakness=capacity')).reviews.map((review) => review.id)).toEqual([first.id]);
    expect((await search(space, 'from=2026-02-01&to=2026-02-28')).reviews.map((review) => review.id)).toEqual([
      first.id,
    ]);
    expect((await search(space, '')).reviews.map((review) => review.id)).toEqual([third.id, second.id, first.id]);

    // The space's list follows the edits: durations, weaknesses.
    const listed = await json<{ reviews: Array<Summary & { durations: unknown; startedAt: string }> }>(
      await api('GET', `/spaces/${space.id}`, space.tokens.member),
      200,
    );
    expect(listed.reviews.find((review) => review.id === first.id)).toMatchObject({
      severity: 'SEV1',
      status: 'open',
      startedAt: '2026-02-10T10:00:00.000Z',
      durations: { toDetectMinutes: 12, toResolveMinutes: null },
      weaknesses: ['capacity'],
    });

    // Follow-ups across reviews: overdue first, then by due date, none last; CSV guarded against formulas.
    const actions = await json<{ actions: Array<{ title: string; overdue: boolean; reviewId: string; link: string }> }>(
      await api('GET', `/spaces/${space.id}/actions`, space.tokens.member),
      200,
    );
    expect(actions.actions.map((action) => [action.title, action.overdue])).toEqual([
      ['Raise the pool size', true],
      ['=HYPERLINK("http://evil")', false],
      ['Write the runbook', false],
    ]);
    expect(actions.actions[0]!.link).toBe(`${server.url}/r/${first.id}#token=${space.tokens.member}`);
    const csv = await api('GET', `/spaces/${space.id}/actions.csv`, space.tokens.member);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="checkout-team-actions.csv"');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('review,title,owner,due,status,priority,type,overdue,link');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil"")",'@Ana,2099-01-01`);

    // Recurring weaknesses.
    expect(await json(await api('GET', `/spaces/${space.id}/weaknesses`, space.tokens.member), 200)).toEqual({
      weaknesses: [
        {
          weakness: 'capacity',
          label: 'Capacity',
          reviews: 1,
          rootCauses: 1,
          openActions: 1,
          byMonth: [{ month: '2026-02', reviews: 1 }],
        },
      ],
      reviewCount: 3,
    });

    // Anonymity: a held finding's words are never found; once revealed they are, without an author.
    await callApi(server, second, 'PATCH', '/control', second.tokens.facilitator, { anonymity: 'anonymous' });
    const joined = await callApi(server, second, 'POST', '/participants', second.tokens.edit);
    const held = `okapi${randomBytes(3).toString('hex')}`;
    const anonymous = await fetch(`${server.url}/api/reviews/${second.id}/anonymous-findings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${joined.participantToken as string}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'went-wrong',
        text: `The ${held} alert was muted`,
        secret: randomBytes(32).toString('base64url'),
      }),
    });
    expect(anonymous.status).toBe(201);
    // A later change to the same review, indexed: the held finding had every chance to be indexed with it.
    const sentinel = `ibis${randomBytes(3).toString('hex')}`;
    const secondBoard = connect(second.id, second.tokens.edit);
    await secondBoard.synced;
    setTitle(secondBoard.doc, `Search latency ${sentinel}`);
    await expect
      .poll(async () => (await search(space, `q=${sentinel}`)).reviews.length, { timeout: 8_000, interval: 100 })
      .toBe(1);
    expect((await search(space, `q=${held}`)).reviews).toEqual([]);
    await callApi(server, second, 'POST', '/anonymous-findings/reveal', second.tokens.facilitator);
    await expect
      .poll(async () => (await search(space, `q=${held}`)).reviews.map((review) => review.hits), {
        timeout: 8_000,
        interval: 100,
      })
      .toEqual([[{ section: 'finding', text: expect.stringContaining(held) }]]);

    // No author anywhere a space shows.
    const everything = await Promise.all(
      ['', '/search?q=the', `/search?q=${word}`, '/actions', '/weaknesses'].map(async (route) =>
        (await api('GET', `/spaces/${space.id}${route}`, space.tokens.admin)).text(),
      ),
    );
    for (const body of everything) expect(body).not.toContain('Authorname');
  });

  it('a review whose index missed changes (the instance died before refreshing) is re-indexed when it loads', async () => {
    // A refresh delay no test outlasts: only the load can bring the index up to date.
    const dataDir = tempDataDir();
    const slow = await startServer({ dataDir, env: { HINDSIGHT_INDEX_DELAY_MS: '600000' } });
    const created = await json<CreatedSpace>(
      await fetch(`${slow.url}/api/spaces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Restart' }),
      }),
      201,
    );
    const review = await json<CreatedReview>(
      await fetch(`${slow.url}/api/spaces/${created.id}/reviews`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Before the crash' }),
      }),
      201,
    );
    const writer = connectClient(slow.wsUrl, review.id, review.tokens.edit);
    const reader = connectClient(slow.wsUrl, review.id, review.tokens.view);
    await Promise.all([writer.synced, reader.synced]);
    const word = `heron${randomBytes(3).toString('hex')}`;
    addFinding(writer.doc, { category: 'lucky', text: `A ${word} noticed the spike` });
    // Relayed only once stored: the reader's copy proves the finding is in the database.
    await waitFor(() => listFindings(reader.doc).length === 1, 'the finding is stored');
    writer.destroy();
    reader.destroy();
    await slow.kill9();

    const restarted = await startServer({ dataDir });
    const find = async () =>
      json<SearchResult>(
        await fetch(`${restarted.url}/api/spaces/${created.id}/search?q=${word}`, {
          headers: { authorization: `Bearer ${created.tokens.member}` },
        }),
        200,
      );
    expect((await find()).reviews).toEqual([]);
    // Opening the review loads it: its index was read from an older state, so it is refreshed.
    const opener = connectClient(restarted.wsUrl, review.id, created.tokens.member);
    clients.push(opener);
    await opener.synced;
    await expect
      .poll(async () => (await find()).reviews.map((entry) => entry.id), { timeout: 8_000, interval: 100 })
      .toEqual([review.id]);
    opener.destroy();
    await restarted.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
