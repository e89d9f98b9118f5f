import { describe, expect, it } from 'vitest';
import { CloseCode, LINK_MAX_LIFETIME_MS, type Role } from '@hindsight/protocol';
import { authorize } from '../auth/tokens';
import type { Peer } from '../sync/room';
import { useTestApp } from '../testing/test-app';

const t = useTestApp({ maxBodyBytes: 1024 });

interface Created {
  id: string;
  tokens: { facilitator: string; edit: string; view: string };
  linkIds: { facilitator: string; edit: string; view: string };
}

// Response shapes are asserted by the tests themselves.
const json = (res: Response): Promise<any> => res.json();
const auth = (token: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

async function createReview(title = 'Links'): Promise<Created> {
  const res = await t.app.request('http://127.0.0.1:8787/api/reviews', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  expect(res.status).toBe(201);
  return json(res);
}

const list = (reviewId: string, token: string | null) =>
  t.app.request(`http://127.0.0.1:8787/api/reviews/${reviewId}/links`, { headers: auth(token) });
const issue = (reviewId: string, token: string | null, body: unknown) =>
  t.app.request(`http://127.0.0.1:8787/api/reviews/${reviewId}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth(token) },
    body: JSON.stringify(body),
  });
const revoke = (reviewId: string, token: string | null, linkId: string) =>
  t.app.request(`http://127.0.0.1:8787/api/reviews/${reviewId}/links/${linkId}`, {
    method: 'DELETE',
    headers: auth(token),
  });
const info = (reviewId: string, token: string) => t.app.request(`/api/reviews/${reviewId}`, { headers: auth(token) });

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('GET /api/reviews/:id/links', () => {
  it('lists the three links made with the review, active, with their ids and never a token or hash', async () => {
    const review = await createReview();
    const res = await list(review.id, review.tokens.facilitator);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.links).toEqual(
      (['facilitator', 'edit', 'view'] as const).map((kind) => ({
        id: review.linkIds[kind],
        kind,
        label: null,
        createdAt: expect.any(String),
        expiresAt: null,
        revokedAt: null,
        active: true,
      })),
    );
    for (const id of Object.values(review.linkIds)) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const text = JSON.stringify(body);
    for (const token of Object.values(review.tokens)) expect(text).not.toContain(token.slice(3));
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });
});

describe('POST /api/reviews/:id/links', () => {
  it('issues a link with an expiry (normalised to UTC) that is listed and opens the review', async () => {
    const review = await createReview();
    const expiresAt = new Date(Date.now() + 7 * 24 * 3600_000);
    // The same instant written with an offset: stored and answered in UTC.
    const withOffset = new Date(expiresAt.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    const res = await issue(review.id, review.tokens.facilitator, { kind: 'view', expiresAt: withOffset });
    expect(res.status).toBe(201);
    const issued = await json(res);
    expect(issued).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      kind: 'view',
      label: null,
      link: `http://127.0.0.1:8787/r/${review.id}#token=${issued.token}`,
      token: expect.stringMatching(/^hs_/),
      expiresAt: expiresAt.toISOString(),
    });
    expect((await json(await info(review.id, issued.token))).role).toBe('viewer');
    const listed = (await json(await list(review.id, review.tokens.facilitator))).links;
    expect(listed.at(-1)).toMatchObject({
      id: issued.id,
      kind: 'view',
      expiresAt: expiresAt.toISOString(),
      active: true,
    });
  });

  it('issues links that never expire when the expiry is absent or null', async () => {
    const review = await createReview();
    for (const body of [{ kind: 'edit' }, { kind: 'edit', expiresAt: null }]) {
      const res = await issue(review.id, review.tokens.facilitator, body);
      expect(res.status).toBe(201);
      expect((await json(res)).expiresAt).toBeNull();
    }
  });

  it.each([
    ['in the past', () => inMs(-60_000)],
    ['now-ish (already passed on arrival)', () => new Date().toISOString()],
    ['over a year ahead', () => inMs(LINK_MAX_LIFETIME_MS + 3600_000)],
    ['not a time', () => 'next week'],
    ['a date without a time', () => '2030-01-01'],
    ['a number', () => Date.now() + 60_000],
  ])('refuses an expiry %s with 400', async (_what, expiresAt) => {
    const review = await createReview();
    const res = await issue(review.id, review.tokens.facilitator, { kind: 'edit', expiresAt: expiresAt() });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('invalid_body');
    expect((await json(await list(review.id, review.tokens.facilitator))).links).toHaveLength(3);
  });
});

describe('link labels', () => {
  it('keeps a trimmed label, answers and lists it; links without one have null', async () => {
    const review = await createReview();
    const res = await issue(review.id, review.tokens.facilitator, { kind: 'edit', label: '  Sam’s team \t' });
    expect(res.status).toBe(201);
    const issued = await json(res);
    expect(issued).toMatchObject({ kind: 'edit', label: 'Sam’s team' });
    const longest = 'x'.repeat(60);
    const other = await json(await issue(review.id, review.tokens.facilitator, { kind: 'edit', label: longest }));
    const plain = await json(await issue(review.id, review.tokens.facilitator, { kind: 'edit', label: null }));
    expect(plain.label).toBeNull();
    const listed = (await json(await list(review.id, review.tokens.facilitator))).links;
    expect(listed.map((l: { id: string; label: string | null }) => [l.id, l.label])).toEqual([
      [review.linkIds.facilitator, null],
      [review.linkIds.edit, null],
      [review.linkIds.view, null],
      [issued.id, 'Sam’s team'],
      [other.id, longest],
      [plain.id, null],
    ]);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['over 60 characters', 'x'.repeat(61)],
    ['not a string', 42],
    ['with a line break', 'Sam\nteam'],
  ])('refuses a label %s with a clear 400', async (_what, label) => {
    const review = await createReview();
    const res = await issue(review.id, review.tokens.facilitator, { kind: 'view', label });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({ code: 'invalid_body', message: expect.stringMatching(/^label: /) });
    expect((await json(await list(review.id, review.tokens.facilitator))).links).toHaveLength(3);
  });
});

describe('co-facilitator links', () => {
  it('issues another facilitator link; either facilitator link may be revoked, never the last', async () => {
    const review = await createReview();
    const res = await issue(review.id, review.tokens.facilitator, { kind: 'facilitator', label: 'Priya' });
    expect(res.status).toBe(201);
    const co = await json(res);
    expect(co).toMatchObject({ kind: 'facilitator', label: 'Priya', token: expect.stringMatching(/^hs_/) });
    expect((await json(await info(review.id, co.token))).role).toBe('facilitator');
    // The co-facilitator runs the review: lists its links and revokes the first facilitator link.
    const listed = (await json(await list(review.id, co.token))).links;
    expect(listed.filter((l: { kind: string }) => l.kind === 'facilitator')).toHaveLength(2);
    expect((await revoke(review.id, co.token, review.linkIds.facilitator)).status).toBe(204);
    expect((await info(review.id, review.tokens.facilitator)).status).toBe(401);
    // Now theirs is the last active facilitator link.
    const last = await revoke(review.id, co.token, co.id);
    expect(last.status).toBe(409);
    expect((await json(last)).error.code).toBe('last_facilitator');
    expect((await info(review.id, co.token)).status).toBe(200);
  });
});

describe('DELETE /api/reviews/:id/links/:linkId', () => {
  it('revokes a link: 204, listed as revoked, and its token gets 401 revoked everywhere', async () => {
    const review = await createReview();
    const res = await revoke(review.id, review.tokens.facilitator, review.linkIds.edit);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const listed = (await json(await list(review.id, review.tokens.facilitator))).links;
    expect(listed.find((l: { id: string }) => l.id === review.linkIds.edit)).toMatchObject({
      revokedAt: expect.any(String),
      active: false,
    });
    const refused = await info(review.id, review.tokens.edit);
    expect(refused.status).toBe(401);
    expect((await json(refused)).error).toEqual({ code: 'revoked', message: expect.stringMatching(/revoked/) });
    const join = await t.app.request(`/api/reviews/${review.id}/participants`, {
      method: 'POST',
      headers: auth(review.tokens.edit),
    });
    expect(join.status).toBe(401);
    // The other links are untouched; revoking again is harmless.
    expect((await info(review.id, review.tokens.view)).status).toBe(200);
    expect((await revoke(review.id, review.tokens.facilitator, review.linkIds.edit)).status).toBe(204);
  });

  it("answers 404 for an unknown or malformed link id and for another review's link, revoking nothing", async () => {
    const review = await createReview();
    const other = await createReview('Other');
    for (const linkId of ['AAAAAAAAAAAAAAAA', 'short', 'x'.repeat(200), other.linkIds.edit]) {
      const res = await revoke(review.id, review.tokens.facilitator, linkId);
      expect(res.status, linkId).toBe(404);
      expect((await json(res)).error.code).toBe('not_found');
    }
    expect((await info(other.id, other.tokens.edit)).status).toBe(200);
  });

  it('refuses to revoke the review’s only facilitator link (409): a review is never orphaned', async () => {
    const review = await createReview();
    const res = await revoke(review.id, review.tokens.facilitator, review.linkIds.facilitator);
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('last_facilitator');
    expect((await info(review.id, review.tokens.facilitator)).status).toBe(200);
  });

  it('ends the participant identities that joined through the revoked link', async () => {
    const review = await createReview();
    const join = async (token: string) =>
      (
        await json(
          await t.app.request(`/api/reviews/${review.id}/participants`, { method: 'POST', headers: auth(token) }),
        )
      ).participantToken as string;
    const editor = await join(review.tokens.edit);
    const viewer = await join(review.tokens.view);
    const votes = (participantToken: string) =>
      t.app.request(`/api/reviews/${review.id}/votes`, { headers: auth(participantToken) });
    expect((await votes(editor)).status).toBe(200);
    await revoke(review.id, review.tokens.facilitator, review.linkIds.edit);
    expect((await votes(editor)).status).toBe(401);
    expect((await votes(viewer)).status).toBe(200);
  });

  it('closes the live connections opened with the revoked link (4401), and only those', async () => {
    const review = await createReview();
    const closes = new Map<string, { code: number; reason: string }>();
    const peer = (connId: string, role: Role, linkId: string): Peer => ({
      connId,
      role,
      linkId,
      send: () => undefined,
      close: (code, reason) => closes.set(connId, { code, reason }),
    });
    const room = await t.rooms.acquire(review.id);
    room.join(peer('editor-1', 'editor', review.linkIds.edit));
    room.join(peer('editor-2', 'editor', review.linkIds.edit));
    room.join(peer('viewer', 'viewer', review.linkIds.view));
    expect((await revoke(review.id, review.tokens.facilitator, review.linkIds.edit)).status).toBe(204);
    expect(Object.fromEntries(closes)).toEqual({
      'editor-1': { code: CloseCode.Unauthorized, reason: 'revoked' },
      'editor-2': { code: CloseCode.Unauthorized, reason: 'revoked' },
    });
    t.rooms.release(room);
  });
});

describe('who may manage links', () => {
  it('answers 403 to edit and view tokens and to another review’s facilitator, 401 without a token', async () => {
    const review = await createReview();
    const other = await createReview('Other');
    const calls: Array<[string, (token: string | null) => Response | Promise<Response>]> = [
      ['GET', (token) => list(review.id, token)],
      ['POST', (token) => issue(review.id, token, { kind: 'view' })],
      ['DELETE', (token) => revoke(review.id, token, review.linkIds.view)],
    ];
    for (const [what, call] of calls) {
      for (const token of [review.tokens.edit, review.tokens.view, other.tokens.facilitator]) {
        expect((await call(token)).status, what).toBe(403);
      }
      expect((await call(null)).status, what).toBe(401);
    }
    // Nothing was issued or revoked.
    const listed = (await json(await list(review.id, review.tokens.facilitator))).links;
    expect(listed.map((l: { active: boolean }) => l.active)).toEqual([true, true, true]);
  });
});

describe('expiry', () => {
  it('refuses an expired token with 401 expired, judged by the clock passed to authorize', async () => {
    const review = await createReview();
    const expiresAt = inMs(3600_000);
    const issued = await json(await issue(review.id, review.tokens.facilitator, { kind: 'edit', expiresAt }));
    const at = (ms: number) => authorize(t.store, review.id, issued.token, ms);
    expect(await at(Date.parse(expiresAt) - 1)).toMatchObject({
      ok: true,
      role: 'editor',
      linkId: issued.id,
      expiresAt,
    });
    expect(await at(Date.parse(expiresAt))).toMatchObject({ ok: false, status: 401, code: 'expired' });
    // Expired is refused before the review is compared: it opens no review at all.
    const other = await createReview('Other');
    expect(await authorize(t.store, other.id, issued.token, Date.parse(expiresAt) + 1)).toMatchObject({
      status: 401,
      code: 'expired',
    });
  });

  it('stops a link over HTTP once its expiry passes, and lists it as inactive', async () => {
    const review = await createReview();
    const issued = await json(
      await issue(review.id, review.tokens.facilitator, { kind: 'view', expiresAt: inMs(1000) }),
    );
    // Usable until the expiry (unless this machine takes over a second between two requests).
    const first = await info(review.id, issued.token);
    if (Date.now() < Date.parse(issued.expiresAt)) expect(first.status).toBe(200);
    await expect.poll(async () => (await info(review.id, issued.token)).status, { timeout: 5000 }).toBe(401);
    // The answer says when, as data (clients show it in their reader's zone), not only in words.
    expect((await json(await info(review.id, issued.token))).error).toEqual({
      code: 'expired',
      message: expect.stringMatching(/expired/),
      expiredAt: issued.expiresAt,
    });
    const listed = (await json(await list(review.id, review.tokens.facilitator))).links;
    expect(listed.find((l: { id: string }) => l.id === issued.id)).toMatchObject({ revokedAt: null, active: false });
  });
});
