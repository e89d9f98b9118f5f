import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFinding, promoteToRootCause } from '@hindsight/review';
import { createApp } from '../app';
import { LocalFanout } from '../fanout';
import { createLogger } from '../log';
import { SqliteStore } from '../store';
import { Rooms } from '../sync/rooms';

let dir: string;
let store: SqliteStore;
let rooms: Rooms;
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-votes-'));
  store = new SqliteStore(path.join(dir, 'db.sqlite'));
  const log = createLogger('silent');
  rooms = new Rooms(store, log, {
    fanout: new LocalFanout(),
    maxAwarenessStateBytes: 16384,
    awarenessPer10s: 100,
    compactEvery: 500,
    serverOwnedRoots: new Set(['control']),
  });
  app = createApp({ store, rooms, log, maxBodyBytes: 4096, publicUrl: undefined, webDist: path.join(dir, 'no-web') });
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Response shapes are asserted by the tests themselves.
const json = (res: Response): Promise<any> => res.json();
const call = (method: string, url: string, token: string | null, body?: unknown) =>
  app.request(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A review with two root-cause candidates, voting open with a budget of 3 (cap 2 per candidate). */
async function openVote() {
  const review = await json(await call('POST', '/api/reviews', null, { title: 'Votes' }));
  const room = await rooms.acquire(review.id);
  let candidates: string[] = [];
  await room.applyServerChange((doc) => {
    candidates = ['Retry storm', 'Pool too small'].map((text) =>
      promoteToRootCause(doc, { kind: 'finding', id: addFinding(doc, { category: 'contributing-factor', text }) }),
    );
  });
  rooms.release(review.id);
  const join = async (token: string) =>
    (await json(await call('POST', `/api/reviews/${review.id}/participants`, token))).participantToken as string;
  return { review, candidates, join };
}

const openVoting = (reviewId: string, facilitator: string, extra: object = {}) =>
  call('PATCH', `/api/reviews/${reviewId}/control`, facilitator, { voting: 'open', votesPerPerson: 3, ...extra });

describe('votes', () => {
  it('are refused until the facilitator opens voting', async () => {
    const { review, candidates, join } = await openVote();
    const me = await join(review.tokens.edit);
    const res = await call('POST', `/api/reviews/${review.id}/votes`, me, { candidateId: candidates[0], delta: 1 });
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('voting_not_open');
  });

  it('never exceed the budget under 50 concurrent requests from one participant', async () => {
    const { review, candidates, join } = await openVote();
    await openVoting(review.id, review.tokens.facilitator);
    const me = await join(review.tokens.edit);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('POST', `/api/reviews/${review.id}/votes`, me, { candidateId: candidates[i % 2], delta: 1 }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(47);
    const mine = await json(await call('GET', `/api/reviews/${review.id}/votes`, me));
    expect(Object.values(mine.mine as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(3);
    expect(mine.remaining).toBe(0);
    expect(mine.tallies).toBeUndefined();
  });

  it('can be withdrawn, respect the per-candidate cap, and stay hidden from others until revealed', async () => {
    const { review, candidates, join } = await openVote();
    await openVoting(review.id, review.tokens.facilitator, { votesPerCandidate: 2 });
    const alice = await join(review.tokens.edit);
    const bob = await join(review.tokens.edit);
    const vote = (who: string, candidateId: string, delta: 1 | -1) =>
      call('POST', `/api/reviews/${review.id}/votes`, who, { candidateId, delta });
    expect((await vote(alice, candidates[0]!, 1)).status).toBe(200);
    expect((await vote(alice, candidates[0]!, 1)).status).toBe(200);
    const capped = await vote(alice, candidates[0]!, 1);
    expect((await json(capped)).error.code).toBe('candidate_cap');
    expect(await json(await vote(alice, candidates[0]!, -1))).toMatchObject({
      mine: { [candidates[0]!]: 1 },
      remaining: 2,
    });
    expect((await vote(bob, candidates[0]!, 1)).status).toBe(200);
    // Bob sees only his own vote, not Alice's, before the reveal.
    const before = await json(await call('GET', `/api/reviews/${review.id}/votes`, bob));
    expect(before).toEqual({ mine: { [candidates[0]!]: 1 }, remaining: 2, voting: 'open', revealed: false });
    await call('PATCH', `/api/reviews/${review.id}/control`, review.tokens.facilitator, { votesRevealed: true });
    const after = await json(await call('GET', `/api/reviews/${review.id}/votes`, bob));
    expect(after.tallies).toEqual({ [candidates[0]!]: 2 });
  });

  it('refuse unknown candidates, view links, review tokens and other reviews', async () => {
    const { review, candidates, join } = await openVote();
    const other = await openVote();
    await openVoting(review.id, review.tokens.facilitator);
    const viewer = await join(review.tokens.view);
    const stranger = await other.join(other.review.tokens.edit);
    const me = await join(review.tokens.edit);
    const url = `/api/reviews/${review.id}/votes`;
    expect((await call('POST', url, me, { candidateId: 'finding:nope', delta: 1 })).status).toBe(404);
    expect((await call('POST', url, viewer, { candidateId: candidates[0], delta: 1 })).status).toBe(403);
    expect((await call('POST', url, review.tokens.edit, { candidateId: candidates[0], delta: 1 })).status).toBe(401);
    expect((await call('POST', url, stranger, { candidateId: candidates[0], delta: 1 })).status).toBe(403);
    expect((await call('POST', url, me, { candidateId: candidates[0], delta: 2 })).status).toBe(400);
  });
});
