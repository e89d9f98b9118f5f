/**
 * Work that must run once across instances (issue 14, point 3), on one PostgreSQL and one Redis:
 * a reveal racing on two instances publishes each held anonymous finding once, and an instance
 * killed mid-release (after claiming and writing, before marking published) leaves its findings
 * to another instance, which publishes them after the lease, once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, listRootCauses, promoteToRootCause, readControl } from '@hindsight/review';
import postgres from 'postgres';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import { readFresh } from '../support/model';
import { dropTrackedClusters, multiInstanceReachable, trackedCluster, type Cluster } from '../support/multi';
import { callApi, createReview, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

const reachable = await multiInstanceReachable();

let watchers: SyncClient[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) watcher.destroy();
  await stopAllServers();
  await dropTrackedClusters();
});
afterAll(stopAllServers);

/** Posts `count` anonymous findings as one participant; resolves with their ids. */
async function postFindings(server: TestServer, review: CreatedReview, count: number): Promise<string[]> {
  await callApi(server, review, 'PATCH', '/control', review.tokens.facilitator, { anonymity: 'anonymous' });
  const joined = await callApi(server, review, 'POST', '/participants', review.tokens.edit);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const posted = await callApi(server, review, 'POST', '/anonymous-findings', joined.participantToken as string, {
      category: 'went-wrong',
      text: `Held finding ${i}`,
      secret: randomBytes(32).toString('base64url'),
    });
    ids.push(posted.id as string);
  }
  return ids;
}

/** The ids of the anonymous notes on the board, one per placement entry (a twice-published one shows twice). */
function anonymousNotes(doc: Y.Doc): string[] {
  return doc
    .getArray<unknown>('findings')
    .toArray()
    .filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map && entry.get('anonymous') === true)
    .map((entry) => entry.get('id') as string)
    .sort();
}

/** Runs `query` on the cluster's schema. */
async function onDatabase<T>(c: Cluster, query: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(c.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    return await query(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Rows of the cluster's anonymous findings still held, and claims left behind. */
async function rowsLeft(c: Cluster): Promise<{ held: number; published: number; claims: number }> {
  const [row] = await onDatabase(
    c,
    (sql) => sql<[{ held: number; published: number; claims: number }]>`
      SELECT (SELECT COUNT(*)::int FROM anonymous_findings WHERE held) AS held,
             (SELECT COUNT(*)::int FROM anonymous_findings WHERE NOT held) AS published,
             (SELECT COUNT(*)::int FROM anonymous_claims) AS claims`,
  );
  return row;
}

describe.skipIf(!reachable)('single-run work across instances', () => {
  it('a reveal racing on two instances publishes each held finding once', async () => {
    const c = await trackedCluster();
    const [a, b] = await Promise.all([c.start(), c.start()]);
    const review = await createReview(a!.url);
    // A client on each instance: both have the review loaded, so each writes into its own document.
    for (const server of [a!, b!]) {
      const watcher = connectClient(server.wsUrl, review.id, review.tokens.view);
      watchers.push(watcher);
      await watcher.synced;
    }
    const reveal = (server: TestServer) =>
      callApi(server, review, 'POST', '/anonymous-findings/reveal', review.tokens.facilitator);
    const ids: string[] = [];
    for (let round = 0; round < 5; round++) {
      const batch = await postFindings(a!, review, 4);
      ids.push(...batch);
      // Both facilitators' clicks at once: every finding is published by exactly one of them.
      const revealed = await Promise.all([reveal(a!), reveal(b!)]);
      expect(
        revealed.reduce((sum, r) => sum + (r.revealed as number), 0),
        `round ${round}`,
      ).toBe(batch.length);
    }
    for (const server of [a!, b!]) {
      const fresh = await readFresh(server.wsUrl, review.id, review.tokens.view);
      expect(anonymousNotes(fresh)).toEqual([...ids].sort());
    }
    expect(await rowsLeft(c)).toEqual({ held: 0, published: ids.length, claims: 0 });
  });

  it('an instance killed mid-release leaves its findings to another, which publishes them after the lease, once', async () => {
    const c = await trackedCluster();
    const leaseMs = 2_000;
    const [doomed, survivor] = await Promise.all([
      c.start({ HINDSIGHT_CRASH_IN_RELEASE: 'true', HINDSIGHT_RELEASE_LEASE_MS: String(leaseMs) }),
      c.start({ HINDSIGHT_RECHECK_SECONDS: '1' }),
    ]);
    const review = await createReview(survivor!.url);
    const ids = await postFindings(survivor!, review, 6);
    // A client stays on the survivor: its room is loaded, and it must end with each note once.
    const watcher = connectClient(survivor!.wsUrl, review.id, review.tokens.view);
    watchers.push(watcher);
    await watcher.synced;
    expect(anonymousNotes(watcher.doc)).toEqual([]);

    const died = fetch(`${doomed!.url}/api/reviews/${review.id}/anonymous-findings/reveal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${review.tokens.facilitator}` },
    }).then(
      () => 'answered',
      () => 'no answer',
    );
    expect(await doomed!.exited).toBeNull(); // SIGKILL, after claiming and writing the document
    expect(await died).toBe('no answer');
    const diedAt = Date.now();
    expect(await rowsLeft(c)).toMatchObject({ held: ids.length, claims: ids.length });

    await waitFor(async () => (await rowsLeft(c)).held === 0, 'the survivor to publish the lapsed claims', 20_000);
    // Not before the lease ran out (less the time the death took to be seen here).
    expect(Date.now() - diedAt).toBeGreaterThan(leaseMs - 1_000);
    expect(await rowsLeft(c)).toEqual({ held: 0, published: ids.length, claims: 0 });
    const fresh = await readFresh(survivor!.wsUrl, review.id, review.tokens.view);
    expect(anonymousNotes(fresh)).toEqual([...ids].sort());
    await waitFor(() => anonymousNotes(watcher.doc).length >= ids.length, 'the notes at the watching client');
    expect(anonymousNotes(watcher.doc)).toEqual([...ids].sort());
  });

  it('a live finding whose instance died before its moment is published by another once it is overdue', async () => {
    const c = await trackedCluster();
    const [doomed, survivor] = await Promise.all([
      c.start({ HINDSIGHT_RELEASE_DELAY_MIN_MS: '600000', HINDSIGHT_RELEASE_DELAY_MAX_MS: '600000' }),
      c.start({
        HINDSIGHT_RECHECK_SECONDS: '1',
        HINDSIGHT_RELEASE_DELAY_MIN_MS: '0',
        HINDSIGHT_RELEASE_DELAY_MAX_MS: '100',
      }),
    ]);
    const review = await createReview(survivor!.url);
    await callApi(survivor!, review, 'PATCH', '/control', review.tokens.facilitator, { release: 'live' });
    const ids = await postFindings(doomed!, review, 3);
    await doomed!.kill9();
    // Its moments died with it; the rows say only the quarter hour they began waiting in. Let that
    // quarter hour lie an hour back, as if the survivor had run on alone since.
    await onDatabase(c, (sql) => sql`UPDATE anonymous_findings SET release_at = '2026-01-01T00:00:00.000Z' WHERE held`);

    await waitFor(async () => (await rowsLeft(c)).held === 0, 'the survivor to publish the overdue findings', 20_000);
    expect(await rowsLeft(c)).toEqual({ held: 0, published: ids.length, claims: 0 });
    const fresh = await readFresh(survivor!.wsUrl, review.id, review.tokens.view);
    expect(anonymousNotes(fresh)).toEqual([...ids].sort());
  });

  it('fifty votes from one participant racing over three instances spend exactly the budget', async () => {
    const c = await trackedCluster();
    const servers = await Promise.all([c.start(), c.start(), c.start()]);
    const review = await createReview(servers[0]!.url);
    // Three candidates, promoted by an editor's client; a viewer on each instance has the review loaded.
    const author = connectClient(servers[0]!.wsUrl, review.id, review.tokens.edit);
    watchers.push(author);
    await author.synced;
    const candidates = ['Retries without backoff', 'No canary', 'Alert on the wrong metric'].map((text) =>
      promoteToRootCause(author.doc, {
        kind: 'finding',
        id: addFinding(author.doc, { category: 'contributing-factor', text }),
      }),
    );
    const views = servers.map((server) => connectClient(server.wsUrl, review.id, review.tokens.view));
    watchers.push(...views);
    await Promise.all(views.map((view) => view.synced));
    await waitFor(
      () => views.every((view) => listRootCauses(view.doc).length === candidates.length),
      'the candidates on every instance',
    );
    const budget = 3;
    await callApi(servers[1]!, review, 'PATCH', '/control', review.tokens.facilitator, {
      voting: 'open',
      votesPerPerson: budget,
    });
    const participant = (await callApi(servers[2]!, review, 'POST', '/participants', review.tokens.edit))
      .participantToken as string;
    const vote = (i: number) =>
      fetch(`${servers[i % 3]!.url}/api/reviews/${review.id}/votes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${participant}`, 'content-type': 'application/json' },
        body: JSON.stringify({ candidateId: candidates[i % candidates.length], delta: 1 }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => vote(i)));
    const accepted = answers.filter((answer) => answer.status === 200);
    expect(accepted, answers.map((a) => a.status).join()).toHaveLength(budget);
    for (const refused of answers.filter((answer) => answer.status !== 200)) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('budget_exhausted');
    }
    // Every instance reads the same spent budget, and the revealed tallies count exactly the budget.
    for (const server of servers) {
      const mine = await fetch(`${server.url}/api/reviews/${review.id}/votes`, {
        headers: { authorization: `Bearer ${participant}` },
      }).then((response) => response.json() as Promise<any>);
      expect(mine.remaining).toBe(0);
      expect(Object.values(mine.mine as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(budget);
    }
    await callApi(servers[0]!, review, 'PATCH', '/control', review.tokens.facilitator, { votesRevealed: true });
    for (const server of servers) {
      const fresh = await readFresh(server.wsUrl, review.id, review.tokens.view);
      const tallies = readControl(fresh).tallies ?? {};
      expect(
        Object.values(tallies).reduce((a, b) => a + b, 0),
        JSON.stringify(tallies),
      ).toBe(budget);
    }
  });

  it('locking the vote on one instance is final even when another instance changes the voting at the same moment', async () => {
    const c = await trackedCluster();
    const [a, b] = await Promise.all([c.start(), c.start()]);
    // A race per review: without the review lock a stale 'closed' overwrote the lock in most runs of 16.
    const reviews = await Promise.all(Array.from({ length: 16 }, () => createReview(a!.url)));
    for (const review of reviews) {
      // Loaded on both instances, so each would decide on its own document.
      for (const server of [a!, b!]) {
        const watcher = connectClient(server.wsUrl, review.id, review.tokens.view);
        watchers.push(watcher);
        await watcher.synced;
      }
      await callApi(a!, review, 'PATCH', '/control', review.tokens.facilitator, { voting: 'open' });
    }
    const patch = (server: TestServer, review: CreatedReview, voting: string) =>
      fetch(`${server.url}/api/reviews/${review.id}/control`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${review.tokens.facilitator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ voting }),
      }).then((response) => response.status);
    const statuses = await Promise.all(
      reviews.flatMap((review) => [patch(a!, review, 'locked'), patch(b!, review, 'closed')]),
    );
    expect(
      statuses.every((status) => status === 200 || status === 409),
      statuses.join(),
    ).toBe(true);
    for (const review of reviews) {
      for (const server of [a!, b!]) {
        const fresh = await readFresh(server.wsUrl, review.id, review.tokens.view);
        expect(readControl(fresh), review.id).toMatchObject({ voting: 'locked', votesRevealed: true });
      }
    }
  });
});
