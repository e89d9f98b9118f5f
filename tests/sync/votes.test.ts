/**
 * Root-cause voting across processes: a real server, real HTTP requests and real y-websocket
 * clients. The budget holds under racing requests from one participant (one tab or several); before
 * the reveal nobody receives anyone else's votes, and the document's tallies stay null; the reveal
 * publishes them to every client at once; a participant who writes tallies into its own document is
 * disconnected (1007) without effect; withdrawing frees budget; a reset starts over and a lock is final.
 */
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, listRootCauses, promoteToRootCause, readControl, readMeta, setTitle } from '@hindsight/review';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import { selectRows, storedState } from '../support/db';
import { createReview, startServer, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

afterAll(stopAllServers);

interface Answer {
  status: number;
  // Response shapes are asserted by the tests themselves.
  body: any;
}

async function api(url: string, method: string, token: string, body?: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

/** A POST over `agent`'s own connections: each agent stands for one browser tab. */
function postOver(agent: http.Agent, url: string, token: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const CANDIDATE_TEXTS = ['Config push went out without review', 'No alert on pool exhaustion', 'Pager rota stale'];

interface Board {
  server: TestServer;
  review: CreatedReview;
  /** Candidate ids in promotion order. */
  candidates: string[];
  /** Connected clients: facilitator, editor and viewer links. */
  clients: SyncClient[];
  join(linkToken: string): Promise<string>;
  vote(participant: string, candidateId: string, delta?: 1 | -1): Promise<Answer>;
  votes(participant: string): Promise<Answer>;
  control(patch: object): Promise<Answer>;
  reset(): Promise<Answer>;
}

/** A running server with a review of three root-cause candidates, promoted by an editor's client. */
async function board(): Promise<Board> {
  const server = await startServer();
  const review = await createReview(server.url, 'Votes');
  const clients = [review.tokens.facilitator, review.tokens.edit, review.tokens.view].map((token) =>
    connectClient(server.wsUrl, review.id, token),
  );
  await Promise.all(clients.map((client) => client.synced));
  const author = clients[1]!.doc;
  const candidates = CANDIDATE_TEXTS.map((text) =>
    promoteToRootCause(author, { kind: 'finding', id: addFinding(author, { category: 'contributing-factor', text }) }),
  );
  // The viewer receives only what the server stored and applied: then the server knows them too.
  await waitFor(() => listRootCauses(clients[2]!.doc).length === candidates.length, 'the candidates everywhere');
  const base = `${server.url}/api/reviews/${review.id}`;
  return {
    server,
    review,
    candidates,
    clients,
    join: async (linkToken) => (await api(`${base}/participants`, 'POST', linkToken)).body.participantToken,
    vote: (participant, candidateId, delta = 1) => api(`${base}/votes`, 'POST', participant, { candidateId, delta }),
    votes: (participant) => api(`${base}/votes`, 'GET', participant),
    control: (patch) => api(`${base}/control`, 'PATCH', review.tokens.facilitator, patch),
    reset: () => api(`${base}/votes/reset`, 'POST', review.tokens.facilitator),
  };
}

/** Candidate ids by published tally, most votes first; ties keep promotion order. */
function ranking(doc: Y.Doc): Array<[string, number]> {
  const tallies = readControl(doc).tallies ?? {};
  return listRootCauses(doc)
    .map((candidate): [string, number] => [candidate.id, tallies[candidate.id] ?? 0])
    .sort((a, b) => b[1] - a[1]);
}

/** Same counts by candidate, whatever the key order. */
const sameCounts = (a: Record<string, number> | null, b: Record<string, number>) =>
  a !== null && Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([id, n]) => a[id] === n);

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('voting across processes', () => {
  it('holds the budget against 50 racing requests, and against two tabs of one participant', async () => {
    const b = await board();
    expect((await b.control({ voting: 'open', votesPerPerson: 3 })).status).toBe(200);

    const me = await b.join(b.review.tokens.edit);
    const racing = await Promise.all(
      Array.from({ length: 50 }, (_, i) => b.vote(me, b.candidates[i % b.candidates.length]!)),
    );
    expect(racing.filter((a) => a.status === 200)).toHaveLength(3);
    expect(racing.filter((a) => a.status === 409)).toHaveLength(47);
    expect(new Set(racing.filter((a) => a.status === 409).map((a) => a.body.error.code))).toEqual(
      new Set(['budget_exhausted']),
    );
    const mine = await b.votes(me);
    expect(sum(mine.body.mine)).toBe(3);
    expect(mine.body.remaining).toBe(0);

    // Two tabs: one participant token (the browser keeps one), each tab on its own connections.
    const tabs = [new http.Agent({ keepAlive: true }), new http.Agent({ keepAlive: true })];
    const twoTabs = await b.join(b.review.tokens.edit);
    const url = `${b.server.url}/api/reviews/${b.review.id}/votes`;
    const fromTabs = await Promise.all(
      tabs.flatMap((tab, t) =>
        Array.from({ length: 12 }, (_, i) =>
          postOver(tab, url, twoTabs, { candidateId: b.candidates[(i + t) % 3], delta: 1 }),
        ),
      ),
    );
    for (const tab of tabs) tab.destroy();
    expect(fromTabs.filter((a) => a.status === 200)).toHaveLength(3);
    expect(fromTabs.filter((a) => a.status === 409)).toHaveLength(21);
    expect((await b.votes(twoTabs)).body).toMatchObject({ remaining: 0 });
    for (const client of b.clients) client.destroy();
  });

  it('shows nobody the tallies before the reveal, then every client the same ranking', async () => {
    const b = await board();
    await b.control({ voting: 'open', votesPerPerson: 3 });
    // Watch every client for any tally that reaches it before the reveal.
    let revealed = false;
    const leaks: string[] = [];
    for (const [index, client] of b.clients.entries()) {
      client.doc.on('update', () => {
        if (!revealed && readControl(client.doc).tallies !== null) leaks.push(`client ${index}`);
      });
    }

    const [alice, bob] = [await b.join(b.review.tokens.edit), await b.join(b.review.tokens.facilitator)];
    const [first, second, third] = b.candidates as [string, string, string];
    for (const [who, candidate] of [
      [alice, second],
      [alice, second],
      [alice, third],
      [bob, second],
      [bob, first],
    ] as const) {
      expect((await b.vote(who, candidate)).status).toBe(200);
    }
    // Bob learns his own votes, and nothing of Alice's but, as he joined as the facilitator, that
    // two people have voted.
    const before = await b.votes(bob);
    expect(before.body).toEqual({
      mine: { [second]: 1, [first]: 1 },
      remaining: 1,
      voting: 'open',
      revealed: false,
      round: 1,
      personal: false,
      voters: 2,
    });
    expect('tallies' in before.body).toBe(false);
    // A change that every client must receive, so the checks below see a settled document.
    expect((await b.control({ votesPerCandidate: 3 })).status).toBe(200);
    await waitFor(() => b.clients.every((c) => readControl(c.doc).votesPerCandidate === 3), 'the cap everywhere');
    for (const client of b.clients) expect(readControl(client.doc).tallies).toBeNull();

    revealed = true;
    const reveal = await b.control({ votesRevealed: true });
    expect(reveal.status).toBe(200);
    const tallies = { [second]: 3, [first]: 1, [third]: 1 };
    expect(reveal.body.control.tallies).toEqual(tallies);
    await waitFor(
      () => b.clients.every((c) => sameCounts(readControl(c.doc).tallies, tallies)),
      'the tallies on every client',
    );
    const expected: Array<[string, number]> = [
      [second, 3],
      [first, 1],
      [third, 1],
    ];
    for (const client of b.clients) expect(ranking(client.doc)).toEqual(expected);
    // Someone arriving after the reveal sees the same; so does the votes API.
    const late = connectClient(b.server.wsUrl, b.review.id, b.review.tokens.view);
    await late.synced;
    expect(ranking(late.doc)).toEqual(expected);
    expect((await b.votes(alice)).body.tallies).toEqual(tallies);

    // The reveal closed voting: no count can move after someone's click while everyone watches.
    expect((await b.vote(bob, third)).body.error.code).toBe('voting_not_open');
    expect(readControl(late.doc).voting).toBe('closed');
    expect(leaks).toEqual([]);
    for (const client of [...b.clients, late]) client.destroy();
  });

  it("an editor's client that writes the tallies itself is disconnected (1007) and changes nothing", async () => {
    const b = await board();
    await b.control({ voting: 'open' });
    const alice = await b.join(b.review.tokens.edit);
    expect((await b.vote(alice, b.candidates[0]!)).status).toBe(200);

    // Before the reveal, forging a ranking; after it, inflating a count.
    const forgeries: Array<(control: Y.Map<unknown>) => void> = [
      (control) => {
        control.set('votesRevealed', true);
        control.set('tallies', { [b.candidates[2]!]: 99 });
      },
      (control) => control.set('tallies', { [b.candidates[2]!]: 99, [b.candidates[0]!]: 1 }),
    ];
    for (const [round, forge] of forgeries.entries()) {
      if (round === 1) {
        expect((await b.control({ votesRevealed: true })).status).toBe(200);
        await waitFor(() => b.clients.every((c) => readControl(c.doc).tallies !== null), 'the reveal everywhere');
      }
      const honest = JSON.stringify(readControl(b.clients[0]!.doc));
      const updatesBefore = (await storedState(b.server.dataDir, b.review.id)).updates.length;
      const forger = connectClient(b.server.wsUrl, b.review.id, b.review.tokens.edit);
      await forger.synced;
      const closes: number[] = [];
      forger.provider.on('connection-close', (event: { code: number } | null) => {
        if (event) closes.push(event.code);
      });
      forge(forger.doc.getMap('control'));
      await waitFor(() => closes.length > 0, 'the forger disconnected');
      expect(closes[0]).toBe(1007);
      forger.destroy();

      // A legitimate edit afterwards arrives everywhere; the forgery did not, and nothing was stored for it.
      setTitle(b.clients[1]!.doc, `Votes, round ${round}`);
      await waitFor(
        () => b.clients.every((c) => readMeta(c.doc).title === `Votes, round ${round}`),
        'the legitimate edit',
      );
      for (const client of b.clients) expect(JSON.stringify(readControl(client.doc))).toBe(honest);
      expect((await storedState(b.server.dataDir, b.review.id)).updates.length).toBe(updatesBefore + 1);
      const fresh = connectClient(b.server.wsUrl, b.review.id, b.review.tokens.view);
      await fresh.synced;
      expect(JSON.stringify(readControl(fresh.doc))).toBe(honest);
      fresh.destroy();
    }
    expect(readControl(b.clients[0]!.doc).tallies).toEqual({ [b.candidates[0]!]: 1 });
    for (const client of b.clients) client.destroy();
  });

  it('a withdrawn vote frees budget for another candidate', async () => {
    const b = await board();
    await b.control({ voting: 'open', votesPerPerson: 2 });
    const me = await b.join(b.review.tokens.edit);
    const [first, second, third] = b.candidates as [string, string, string];
    expect((await b.vote(me, first)).status).toBe(200);
    expect((await b.vote(me, second)).status).toBe(200);
    const spent = await b.vote(me, third);
    expect(spent.status).toBe(409);
    expect(spent.body.error.code).toBe('budget_exhausted');
    const nothing = await b.vote(me, third, -1);
    expect(nothing.body.error.code).toBe('nothing_to_withdraw');

    const withdrawn = await b.vote(me, first, -1);
    expect(withdrawn.body).toMatchObject({ mine: { [second]: 1 }, remaining: 1 });
    expect((await b.vote(me, third)).body).toMatchObject({ mine: { [second]: 1, [third]: 1 }, remaining: 0 });
    for (const client of b.clients) client.destroy();
  });

  it('a reset starts the vote over on every client; a lock is final', async () => {
    const b = await board();
    await b.control({ voting: 'open' });
    const [alice, bob] = [await b.join(b.review.tokens.edit), await b.join(b.review.tokens.edit)];
    const [first, second] = b.candidates as [string, string];
    await b.vote(alice, first);
    await b.vote(bob, first);
    await b.control({ votesRevealed: true });
    await waitFor(() => b.clients.every((c) => readControl(c.doc).tallies?.[first] === 2), 'the reveal everywhere');

    const reset = await b.reset();
    expect(reset.status).toBe(200);
    expect(reset.body.control).toMatchObject({ voting: 'closed', votesRevealed: false, tallies: null });
    await waitFor(
      () => b.clients.every((c) => !readControl(c.doc).votesRevealed && readControl(c.doc).tallies === null),
      'the reset everywhere',
    );
    for (const who of [alice, bob]) expect((await b.votes(who)).body).toMatchObject({ mine: {}, remaining: 3 });

    await b.control({ voting: 'open' });
    await b.vote(alice, second);
    const lock = await b.control({ voting: 'locked' });
    expect(lock.body.control).toMatchObject({ voting: 'locked', votesRevealed: true, tallies: { [second]: 1 } });
    await waitFor(
      () => b.clients.every((c) => readControl(c.doc).voting === 'locked' && ranking(c.doc)[0]?.[0] === second),
      'the final ranking everywhere',
    );
    expect((await b.vote(bob, first)).body.error.code).toBe('voting_not_open');
    for (const refused of [
      await b.reset(),
      await b.control({ voting: 'open' }),
      await b.control({ votesRevealed: false }),
    ]) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('voting_locked');
    }
    expect(readControl(b.clients[2]!.doc)).toMatchObject({ voting: 'locked', tallies: { [second]: 1 } });
    for (const client of b.clients) client.destroy();
  });
});

describe('one person, one budget; one reveal per round; nothing kept of who voted', () => {
  it('binds a personal link to one participant and, when asked, counts votes only from personal links', async () => {
    const b = await board();
    const base = `${b.server.url}/api/reviews/${b.review.id}`;
    const issued = await api(`${base}/links`, 'POST', b.review.tokens.facilitator, { kind: 'personal', label: 'Sam' });
    expect(issued.status).toBe(201);
    expect(issued.body.kind).toBe('personal');
    const sam = await b.join(issued.body.token);
    // A second join through Sam's link (someone it was forwarded to, or a script) gets no identity.
    const again = await api(`${base}/participants`, 'POST', issued.body.token);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('personal_link_used');
    const listed = await api(`${base}/links`, 'GET', b.review.tokens.facilitator);
    expect(listed.body.links.find((link: { id: string }) => link.id === issued.body.id)).toMatchObject({
      kind: 'personal',
    });

    const shared = await b.join(b.review.tokens.edit);
    const opened = await b.control({ voting: 'open', personalVotesOnly: true });
    expect(opened.body.control).toMatchObject({ personalVotesOnly: true });
    const refused = await b.vote(shared, b.candidates[0]!);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('personal_link_required');
    const counted = await b.vote(sam, b.candidates[0]!);
    expect(counted.status).toBe(200);
    expect(counted.body).toMatchObject({ personal: true, remaining: 2 });
    expect((await b.votes(shared)).body).toMatchObject({ personal: false, mine: {} });

    // The facilitator sees how many have voted (not who, nor what); a participant does not.
    const facilitator = await b.join(b.review.tokens.facilitator);
    expect((await b.votes(facilitator)).body.voters).toBe(1);
    expect('voters' in (await b.votes(sam)).body).toBe(false);
    for (const client of b.clients) client.destroy();
  });

  it('limits joins through one shared link, from any address, but not through personal links', async () => {
    const server = await startServer({ env: { HINDSIGHT_JOINS_PER_LINK_PER_MINUTE: '3' } });
    const review = await createReview(server.url, 'Joins');
    const base = `${server.url}/api/reviews/${review.id}`;
    const joins = [];
    for (let i = 0; i < 4; i++) joins.push(await api(`${base}/participants`, 'POST', review.tokens.edit));
    expect(joins.map((j) => j.status)).toEqual([201, 201, 201, 429]);
    expect(joins[3]!.body.error).toMatchObject({ code: 'rate_limited' });
    expect(joins[3]!.body.error.retryAfterSeconds).toBeGreaterThan(0);
    // Another link of the review has its own count; a personal link binds once anyway.
    expect((await api(`${base}/participants`, 'POST', review.tokens.view)).status).toBe(201);
    for (let i = 0; i < 4; i++) {
      const link = await api(`${base}/links`, 'POST', review.tokens.facilitator, { kind: 'personal' });
      expect((await api(`${base}/participants`, 'POST', link.body.token)).status).toBe(201);
    }
  });

  it('reveal, reopen, one vote, reveal: the second reveal holds only the new round, nothing to subtract', async () => {
    const b = await board();
    const [first, second] = b.candidates as [string, string];
    await b.control({ voting: 'open' });
    const [alice, bob, carol] = [
      await b.join(b.review.tokens.edit),
      await b.join(b.review.tokens.edit),
      await b.join(b.review.tokens.edit),
    ];
    for (const [who, candidate] of [
      [alice, first],
      [bob, first],
      [bob, second],
    ] as const) {
      expect((await b.vote(who, candidate)).status).toBe(200);
    }
    const firstReveal = await b.control({ votesRevealed: true });
    expect(firstReveal.body.control).toMatchObject({ votingRound: 1, voters: 2, tallies: { [first]: 2, [second]: 1 } });

    const reopened = await b.control({ voting: 'open' });
    expect(reopened.body.control).toMatchObject({ voting: 'open', votingRound: 2, tallies: null, voters: null });
    expect((await b.vote(carol, second)).status).toBe(200);
    const secondReveal = await b.control({ votesRevealed: true });
    // Under the old rules this read { first: 2, second: 2 }: minus the first reveal, Carol's vote.
    // Now it is round 2 on its own, and says so: one voter, whose ballot everyone can see is theirs.
    expect(secondReveal.body.control).toMatchObject({ votingRound: 2, voters: 1, tallies: { [second]: 1 } });
    await waitFor(
      () => b.clients.every((c) => readControl(c.doc).votingRound === 2 && readControl(c.doc).voters === 1),
      'round 2 everywhere',
    );
    expect((await b.votes(alice)).body).toMatchObject({ round: 2, tallies: { [second]: 1 }, voters: 1 });
    for (const client of b.clients) client.destroy();
  });

  it('keeps no per-participant vote in the database once a round is revealed or locked', async () => {
    const b = await board();
    const [first, second] = b.candidates as [string, string];
    const votesRows = async () =>
      (
        await selectRows<{ n: number }>(
          b.server.dataDir,
          'SELECT COUNT(*) AS n FROM votes WHERE review_id = ?',
          b.review.id,
        )
      )[0]!;
    const kept = async () =>
      (await selectRows(b.server.dataDir, 'SELECT * FROM vote_results WHERE review_id = ?', b.review.id)).map((row) => {
        const { tallies, ...rest } = row as { tallies: string };
        return { ...rest, tallies: JSON.parse(tallies) as unknown };
      });

    await b.control({ voting: 'open' });
    const [alice, bob] = [await b.join(b.review.tokens.edit), await b.join(b.review.tokens.edit)];
    await b.vote(alice, first);
    await b.vote(bob, second);
    // During the round the server must hold each participant's votes (the budget needs them).
    expect((await votesRows()).n).toBe(2);

    await b.control({ votesRevealed: true });
    expect((await votesRows()).n).toBe(0);
    expect(await kept()).toEqual([{ review_id: b.review.id, voters: 2, tallies: { [first]: 1, [second]: 1 } }]);
    // Hiding and showing again shows the same kept result.
    await b.control({ votesRevealed: false });
    expect((await b.control({ votesRevealed: true })).body.control.tallies).toEqual({ [first]: 1, [second]: 1 });

    await b.control({ voting: 'open' });
    await b.vote(alice, second);
    expect((await votesRows()).n).toBe(1);
    const locked = await b.control({ voting: 'locked' });
    expect(locked.body.control).toMatchObject({ votingRound: 2, tallies: { [second]: 1 }, voters: 1 });
    expect((await votesRows()).n).toBe(0);
    const allVotes = await selectRows(b.server.dataDir, 'SELECT * FROM votes');
    expect(allVotes).toEqual([]);
    for (const client of b.clients) client.destroy();
  });
});
