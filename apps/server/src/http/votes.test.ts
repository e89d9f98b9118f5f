import { describe, expect, it } from 'vitest';
import { addFinding, demoteRootCause, promoteToRootCause, readControl } from '@hindsight/review';
import { useTestApp } from '../testing/test-app';

const t = useTestApp({ maxBodyBytes: 4096 });

// Response shapes are asserted by the tests themselves.
const json = (res: Response): Promise<any> => res.json();

/** A review with two root-cause candidates, voting open with a budget of 3 (cap 2 per candidate). */
async function openVote() {
  const review = await json(await t.call('POST', '/api/reviews', null, { title: 'Votes' }));
  const room = await t.rooms.acquire(review.id);
  let candidates: string[] = [];
  await room.applyServerChange((doc) => {
    candidates = ['Retry storm', 'Pool too small'].map((text) =>
      promoteToRootCause(doc, { kind: 'finding', id: addFinding(doc, { category: 'contributing-factor', text }) }),
    );
  });
  t.rooms.release(room);
  const join = async (token: string) =>
    (await json(await t.call('POST', `/api/reviews/${review.id}/participants`, token))).participantToken as string;
  return { review, candidates, join };
}

const openVoting = (reviewId: string, facilitator: string, extra: object = {}) =>
  t.call('PATCH', `/api/reviews/${reviewId}/control`, facilitator, { voting: 'open', votesPerPerson: 3, ...extra });

/** The controls as the review document holds them (what every client receives). */
const controlInDoc = (reviewId: string) => t.rooms.withRoom(reviewId, (room) => readControl(room.doc));

describe('votes', () => {
  it('are refused until the facilitator opens voting', async () => {
    const { review, candidates, join } = await openVote();
    const me = await join(review.tokens.edit);
    const res = await t.call('POST', `/api/reviews/${review.id}/votes`, me, { candidateId: candidates[0], delta: 1 });
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('voting_not_open');
  });

  it('never exceed the budget under 50 concurrent requests from one participant', async () => {
    const { review, candidates, join } = await openVote();
    await openVoting(review.id, review.tokens.facilitator);
    const me = await join(review.tokens.edit);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.call('POST', `/api/reviews/${review.id}/votes`, me, { candidateId: candidates[i % 2], delta: 1 }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(47);
    const mine = await json(await t.call('GET', `/api/reviews/${review.id}/votes`, me));
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
      t.call('POST', `/api/reviews/${review.id}/votes`, who, { candidateId, delta });
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
    const before = await json(await t.call('GET', `/api/reviews/${review.id}/votes`, bob));
    expect(before).toEqual({
      mine: { [candidates[0]!]: 1 },
      remaining: 2,
      voting: 'open',
      revealed: false,
      round: 1,
      personal: false,
    });
    await t.call('PATCH', `/api/reviews/${review.id}/control`, review.tokens.facilitator, { votesRevealed: true });
    const after = await json(await t.call('GET', `/api/reviews/${review.id}/votes`, bob));
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
    expect((await t.call('POST', url, me, { candidateId: 'finding:nope', delta: 1 })).status).toBe(404);
    expect((await t.call('POST', url, viewer, { candidateId: candidates[0], delta: 1 })).status).toBe(403);
    expect((await t.call('POST', url, review.tokens.edit, { candidateId: candidates[0], delta: 1 })).status).toBe(401);
    expect((await t.call('POST', url, stranger, { candidateId: candidates[0], delta: 1 })).status).toBe(403);
    expect((await t.call('POST', url, me, { candidateId: candidates[0], delta: 2 })).status).toBe(400);
  });
});

describe('published tallies', () => {
  /** An open vote with Alice's and Bob's votes cast: 2 on the first candidate, 1 on the second. */
  async function votesCast() {
    const setup = await openVote();
    const { review, candidates, join } = setup;
    await openVoting(review.id, review.tokens.facilitator);
    const [alice, bob] = [await join(review.tokens.edit), await join(review.tokens.edit)];
    const vote = (who: string, candidateId: string, delta: 1 | -1 = 1) =>
      t.call('POST', `/api/reviews/${review.id}/votes`, who, { candidateId, delta });
    for (const [who, candidate] of [
      [alice, candidates[0]!],
      [bob, candidates[0]!],
      [bob, candidates[1]!],
    ] as const) {
      expect((await vote(who, candidate)).status).toBe(200);
    }
    const control = (body: object) =>
      t.call('PATCH', `/api/reviews/${review.id}/control`, review.tokens.facilitator, body);
    const reset = (token = review.tokens.facilitator) => t.call('POST', `/api/reviews/${review.id}/votes/reset`, token);
    return { ...setup, alice, bob, vote, control, reset };
  }

  it('stay out of the document until the reveal, are written by it and withdrawn by hiding', async () => {
    const { review, candidates, control } = await votesCast();
    expect(await controlInDoc(review.id)).toMatchObject({ votesRevealed: false, tallies: null });

    const revealed = await control({ votesRevealed: true });
    expect(revealed.status).toBe(200);
    const expected = { [candidates[0]!]: 2, [candidates[1]!]: 1 };
    expect((await json(revealed)).control).toMatchObject({ votesRevealed: true, tallies: expected });
    expect((await controlInDoc(review.id)).tallies).toEqual(expected);

    const hidden = await control({ votesRevealed: false });
    expect((await json(hidden)).control).toMatchObject({ votesRevealed: false, tallies: null });
    expect((await controlInDoc(review.id)).tallies).toBeNull();
  });

  it('show only while nobody can vote: revealing closes an open vote, reopening starts a new round', async () => {
    const { review, candidates, alice, bob, vote, control } = await votesCast();
    const revealed = await json(await control({ votesRevealed: true }));
    expect(revealed.control).toMatchObject({ voting: 'closed', votesRevealed: true, votingRound: 1, voters: 2 });
    expect((await vote(alice, candidates[1]!)).status).toBe(409);

    const reopened = await json(await control({ voting: 'open' }));
    expect(reopened.control).toMatchObject({ voting: 'open', votesRevealed: false, tallies: null, votingRound: 2 });
    expect((await controlInDoc(review.id)).tallies).toBeNull();
    // Round 2 starts from zero: Bob's round-1 votes are gone, his whole budget is back.
    expect(await json(await t.call('GET', `/api/reviews/${review.id}/votes`, bob))).toMatchObject({
      mine: {},
      remaining: 3,
      round: 2,
    });
    expect((await vote(alice, candidates[1]!)).status).toBe(200);
    // No count moves while anyone can vote: a vote right after a click would tell who cast it.
    expect((await controlInDoc(review.id)).tallies).toBeNull();

    // The second reveal holds round 2 alone: subtracting the first tells nothing about Alice's vote.
    await control({ voting: 'closed', votesRevealed: true });
    expect(await controlInDoc(review.id)).toMatchObject({
      votingRound: 2,
      tallies: { [candidates[1]!]: 1 },
      voters: 1,
    });
  });

  it('are not touched by a vote while hidden', async () => {
    const { review, candidates, alice, vote } = await votesCast();
    expect((await vote(alice, candidates[1]!)).status).toBe(200);
    expect((await controlInDoc(review.id)).tallies).toBeNull();
  });

  it('reset deletes every vote and hides the tallies; only the facilitator may reset', async () => {
    const { review, alice, bob, control, reset } = await votesCast();
    await control({ votesRevealed: true });
    expect((await reset(review.tokens.edit)).status).toBe(403);
    expect((await reset(alice)).status).toBe(401);
    expect((await controlInDoc(review.id)).votesRevealed).toBe(true);

    const res = await reset();
    expect(res.status).toBe(200);
    // The reveal had closed voting; the reset leaves it closed, for the facilitator to reopen.
    expect((await json(res)).control).toMatchObject({ voting: 'closed', votesRevealed: false, tallies: null });
    expect(await controlInDoc(review.id)).toMatchObject({ votesRevealed: false, tallies: null });
    for (const who of [alice, bob]) {
      expect(await json(await t.call('GET', `/api/reviews/${review.id}/votes`, who))).toEqual({
        mine: {},
        remaining: 3,
        voting: 'closed',
        revealed: false,
        round: 2,
        personal: false,
      });
    }
    // Revealing again shows an empty ranking, not the old one.
    expect((await json(await control({ votesRevealed: true }))).control.tallies).toEqual({});
  });

  it('locking is final: it reveals, then refuses votes, resets and changes to voting or budgets', async () => {
    const { review, candidates, alice, vote, control, reset } = await votesCast();
    const locked = await control({ voting: 'locked' });
    expect(locked.status).toBe(200);
    const expected = { [candidates[0]!]: 2, [candidates[1]!]: 1 };
    expect((await json(locked)).control).toMatchObject({ voting: 'locked', votesRevealed: true, tallies: expected });
    expect((await controlInDoc(review.id)).tallies).toEqual(expected);

    for (const patch of [
      { voting: 'open' },
      { voting: 'not-started' },
      { votesRevealed: false },
      { votesPerPerson: 5 },
      { votesPerCandidate: 1 },
      { phase: 'actions', voting: 'closed' },
    ]) {
      const refused = await control(patch);
      expect(refused.status, JSON.stringify(patch)).toBe(409);
      expect((await json(refused)).error.code).toBe('voting_locked');
    }
    const resetRefused = await reset();
    expect(resetRefused.status).toBe(409);
    expect((await json(resetRefused)).error.code).toBe('voting_locked');
    const voteRefused = await vote(alice, candidates[1]!);
    expect((await json(voteRefused)).error.code).toBe('voting_not_open');

    // Moving on is still possible, and repeating what is already so changes nothing.
    expect((await control({ phase: 'actions' })).status).toBe(200);
    expect((await control({ voting: 'locked', votesRevealed: true })).status).toBe(200);
    expect(await controlInDoc(review.id)).toMatchObject({
      phase: 'actions',
      voting: 'locked',
      votesRevealed: true,
      tallies: expected,
    });
    expect((await json(await t.call('GET', `/api/reviews/${review.id}/votes`, alice))).tallies).toEqual(expected);
  });

  it('votes racing the lock are either in the final tallies or refused', async () => {
    const { review, candidates, join, control } = await votesCast();
    const late = await Promise.all([join(review.tokens.edit), join(review.tokens.edit), join(review.tokens.edit)]);
    const votes = late.map((who) =>
      t.call('POST', `/api/reviews/${review.id}/votes`, who, { candidateId: candidates[1], delta: 1 }),
    );
    const [lock, ...results] = await Promise.all([control({ voting: 'locked' }), ...votes]);
    expect(lock.status).toBe(200);
    const accepted = results.filter((r) => r.status === 200).length;
    expect(results.filter((r) => r.status === 409)).toHaveLength(late.length - accepted);
    const final = { [candidates[0]!]: 2, [candidates[1]!]: 1 + accepted };
    expect((await json(lock)).control.tallies).toEqual(final);
    expect((await controlInDoc(review.id)).tallies).toEqual(final);
    expect(await t.store.sealedResult(review.id)).toEqual({ tallies: final, voters: 2 + accepted });
    expect(await t.store.voteTallies(review.id)).toEqual({});
  });

  it('a vote on a candidate that was demoted can still be withdrawn, not added to', async () => {
    const { review, candidates, bob, vote } = await votesCast();
    await t.rooms.withRoom(review.id, (room) =>
      room.applyServerChange((doc) => demoteRootCause(doc, { kind: 'finding', id: candidates[1]!.slice(8) })),
    );
    expect((await vote(bob, candidates[1]!)).status).toBe(404);
    expect(await json(await vote(bob, candidates[1]!, -1))).toMatchObject({
      mine: { [candidates[0]!]: 1 },
      remaining: 2,
    });
  });
});
