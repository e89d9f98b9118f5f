import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readControl } from '@hindsight/review';
import { hashToken } from '../auth/tokens';
import { useTestApp } from '../testing/test-app';

const t = useTestApp({ maxBodyBytes: 1024 });

// Response shapes are asserted by the tests themselves.
const json = (res: Response): Promise<any> => res.json();

const create = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  t.app.request('http://127.0.0.1:8787/api/reviews', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/reviews', () => {
  it('creates a review with three role links carrying distinct tokens', async () => {
    const res = await create({ title: 'Checkout outage', severity: 'SEV1' });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.links.edit).toBe(`http://127.0.0.1:8787/r/${body.id}#token=${body.tokens.edit}`);
    const tokens = Object.values(body.tokens) as string[];
    expect(new Set(tokens).size).toBe(3);
    for (const t of tokens) expect(t).toMatch(/^hs_[A-Za-z0-9_-]{43}$/);
  });

  it('stores only token hashes, never the tokens', async () => {
    const body = await json(await create({ title: 'x' }));
    const raw =
      fs.readFileSync(path.join(t.dir, 'db.sqlite')).toString('latin1') +
      fs.readFileSync(path.join(t.dir, 'db.sqlite-wal')).toString('latin1');
    for (const token of Object.values(body.tokens) as string[]) {
      expect(raw).not.toContain(token);
      expect(raw).toContain(hashToken(token));
    }
  });

  it('defaults the severity to SEV3 and trims the title', async () => {
    const body = await json(await create({ title: '  Slow search  ' }));
    const info = await t.app.request(`/api/reviews/${body.id}`, {
      headers: { authorization: `Bearer ${body.tokens.view}` },
    });
    expect(await json(info)).toMatchObject({ title: 'Slow search', severity: 'SEV3', status: 'live', role: 'viewer' });
  });

  it.each([
    ['an empty title', { title: '   ' }],
    ['a missing title', { severity: 'SEV1' }],
    ['an unknown severity', { title: 'x', severity: 'SEV9' }],
    ['an overlong title', { title: 'x'.repeat(201) }],
    ['unknown fields', { title: 'x', owner: 'me' }],
    ['a non-object body', [1, 2]],
  ])('refuses %s with 400 and a JSON error', async (_name, body) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('invalid_body');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await create('{"title": ');
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: { code: 'bad_json', message: 'Request body must be JSON.' } });
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await create({ title: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('body_too_large');
  });
});

describe('GET /api/reviews/:id', () => {
  it('returns the metadata and the role of each token', async () => {
    const body = await json(await create({ title: 'DNS', severity: 'SEV2' }));
    for (const [link, role] of [
      ['facilitator', 'facilitator'],
      ['edit', 'editor'],
      ['view', 'viewer'],
    ] as const) {
      const res = await t.app.request(`/api/reviews/${body.id}`, {
        headers: { authorization: `Bearer ${body.tokens[link]}` },
      });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ id: body.id, title: 'DNS', severity: 'SEV2', role });
    }
  });

  it("answers 401 without or with an unknown token, 403 with another review's token, 400 for a bad id", async () => {
    const a = await json(await create({ title: 'A' }));
    const b = await json(await create({ title: 'B' }));
    const get = (id: string, auth?: string) =>
      t.app.request(`/api/reviews/${id}`, auth ? { headers: { authorization: auth } } : {});
    expect((await get(a.id)).status).toBe(401);
    expect((await get(a.id, `Bearer hs_${'A'.repeat(43)}`)).status).toBe(401);
    expect((await get(a.id, 'Basic abc')).status).toBe(401);
    expect((await get(a.id, `Bearer ${b.tokens.facilitator}`)).status).toBe(403);
    expect((await get('bad*id!', `Bearer ${a.tokens.view}`)).status).toBe(400);
  });

  it('tells the facilitator only, and only the count, when stored updates were quarantined', async () => {
    const review = await json(await create({ title: 'Degraded' }));
    const info = async (link: string) =>
      json(
        await t.app.request(`/api/reviews/${review.id}`, {
          headers: { authorization: `Bearer ${review.tokens[link]}` },
        }),
      );
    expect(await info('facilitator')).not.toHaveProperty('degraded');
    // Rows that cannot be applied: the GET that rebuilds the document quarantines them, and still answers.
    const words = new TextEncoder().encode('someone typed this');
    await t.store.appendUpdate(review.id, words);
    await t.store.appendUpdate(review.id, new Uint8Array([1, 2, 3]));
    const facilitator = await info('facilitator');
    expect(facilitator).toMatchObject({ title: 'Degraded', role: 'facilitator', degraded: { quarantinedUpdates: 2 } });
    expect(JSON.stringify(facilitator)).not.toContain('someone typed');
    for (const link of ['edit', 'view']) {
      const other = await info(link);
      expect(other).toMatchObject({ title: 'Degraded' });
      expect(other).not.toHaveProperty('degraded');
    }
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.app.request('/api/nope');
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
  });
});

describe('POST /api/reviews/:id/participants', () => {
  it('issues a distinct personal token per join, with the role of the link, and stores only its hash', async () => {
    const review = await json(await create({ title: 'Join' }));
    const join = (token: string) =>
      t.app.request(`/api/reviews/${review.id}/participants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    const first = await join(review.tokens.edit);
    expect(first.status).toBe(201);
    const a = await json(first);
    const b = await json(await join(review.tokens.edit));
    expect(a.participantToken).toMatch(/^hp_[A-Za-z0-9_-]{43}$/);
    expect(a.participantToken).not.toBe(b.participantToken);
    expect(a.role).toBe('editor');
    expect((await json(await join(review.tokens.view))).role).toBe('viewer');
    expect(await t.store.findParticipant(hashToken(a.participantToken))).toMatchObject({
      reviewId: review.id,
      role: 'editor',
    });
  });

  it('refuses joins without a valid token of this review', async () => {
    const a = await json(await create({ title: 'A' }));
    const b = await json(await create({ title: 'B' }));
    const join = (headers: Record<string, string>) =>
      t.app.request(`/api/reviews/${a.id}/participants`, { method: 'POST', headers });
    expect((await join({})).status).toBe(401);
    expect((await join({ authorization: `Bearer ${b.tokens.edit}` })).status).toBe(403);
  });
});

describe('POST /api/reviews/:id/links', () => {
  const issue = (id: string, token: string | null, body: unknown) =>
    t.app.request(`http://127.0.0.1:8787/api/reviews/${id}/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('lets the facilitator issue a new edit or view link that opens the review with that role', async () => {
    const review = await json(await create({ title: 'Links' }));
    for (const [kind, role] of [
      ['edit', 'editor'],
      ['view', 'viewer'],
    ] as const) {
      const res = await issue(review.id, review.tokens.facilitator, { kind });
      expect(res.status).toBe(201);
      const body = await json(res);
      expect(body.link).toBe(`http://127.0.0.1:8787/r/${review.id}#token=${body.token}`);
      expect(Object.values(review.tokens)).not.toContain(body.token);
      const info = await t.app.request(`/api/reviews/${review.id}`, {
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect((await json(info)).role).toBe(role);
    }
  });

  it('refuses editors, viewers, other reviews and bad bodies', async () => {
    const review = await json(await create({ title: 'Links' }));
    const other = await json(await create({ title: 'Other' }));
    expect((await issue(review.id, review.tokens.edit, { kind: 'view' })).status).toBe(403);
    expect((await issue(review.id, review.tokens.view, { kind: 'edit' })).status).toBe(403);
    expect((await issue(review.id, other.tokens.facilitator, { kind: 'edit' })).status).toBe(403);
    expect((await issue(review.id, null, { kind: 'edit' })).status).toBe(401);
    // Nobody but a facilitator gets a facilitator link (a co-facilitator link): no raising one's own access.
    expect((await issue(review.id, review.tokens.edit, { kind: 'facilitator' })).status).toBe(403);
    expect((await issue(review.id, review.tokens.view, { kind: 'facilitator' })).status).toBe(403);
    expect((await issue(review.id, other.tokens.facilitator, { kind: 'facilitator' })).status).toBe(403);
    expect((await issue(review.id, review.tokens.facilitator, { kind: 'owner' })).status).toBe(400);
  });
});

describe('PATCH /api/reviews/:id/control', () => {
  const patch = (id: string, token: string | null, body: unknown) =>
    t.app.request(`/api/reviews/${id}/control`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('lets the facilitator change the controls, stored in the review document', async () => {
    const review = await json(await create({ title: 'Controls' }));
    const res = await patch(review.id, review.tokens.facilitator, { anonymity: 'anonymous', votesPerPerson: 5 });
    expect(res.status).toBe(200);
    expect((await json(res)).control).toMatchObject({ anonymity: 'anonymous', votesPerPerson: 5, phase: 'timeline' });
    await expect
      .poll(async () => {
        const stored = await t.store.loadDocument(review.id);
        const doc = new Y.Doc();
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(doc, u.data);
        return readControl(doc).anonymity;
      })
      .toBe('anonymous');
  });

  it('refuses editors, viewers, other reviews, no token and bad bodies', async () => {
    const review = await json(await create({ title: 'Controls' }));
    const other = await json(await create({ title: 'Other' }));
    expect((await patch(review.id, review.tokens.edit, { phase: 'vote' })).status).toBe(403);
    expect((await patch(review.id, review.tokens.view, { phase: 'vote' })).status).toBe(403);
    expect((await patch(review.id, other.tokens.facilitator, { phase: 'vote' })).status).toBe(403);
    expect((await patch(review.id, null, { phase: 'vote' })).status).toBe(401);
    for (const body of [{}, { phase: 'done' }, { votesPerPerson: 0 }, { phaseEndsAt: 'soon' }, { owner: 'x' }]) {
      expect((await patch(review.id, review.tokens.facilitator, body)).status).toBe(400);
    }
  });
});
