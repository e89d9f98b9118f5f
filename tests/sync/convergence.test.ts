import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAction,
  addFinding,
  addTimelineEvent,
  findingText,
  linkActionToFinding,
  moveFinding,
  narrativeText,
  readMeta,
  reviewSnapshot,
  setFindingGroup,
  setKeyTime,
  setSeverity,
  timelineEventText,
  titleText,
  updateAction,
  updateTimelineEvent,
} from '@hindsight/review';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import {
  cleanupServers,
  createRng,
  insertParagraph,
  paragraphText,
  randomOperation,
  readFresh,
  sameState,
  startTrackedServer,
  testSeeds,
  waitConverged,
} from '../support/model';
import { createReview, type TestServer } from '../support/server';

afterAll(cleanupServers);

/**
 * Seeds that once failed the random run, run in every CI run besides a fresh one. A seed fixes the
 * operations, not the network's timing, and the operations have grown since: 844667539 (155f6f5,
 * an edit typed right after a reconnect arriving before that client's sync step 2) no longer
 * replays its failure. What keeps that bug found is its own test (tests/sync/limits.test.ts, "an
 * update with a missing dependency waits"); a seed here is one more fixed case, not a replay.
 */
const CONVERGENCE_SEEDS_ONCE_FAILED = [844667539];

/** Log lines that mean the server refused or broke something a well-behaved client did. */
function serverComplaints(server: TestServer) {
  return server.logs.filter((line) => line.level === 'error' || line.level === 'warn' || line.msg === 'conn.closing');
}

const byId = <T extends { id: string }>(items: T[], id: string): T => {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`missing ${id}`);
  return found;
};

/** Runs `edit` on each doc in one synchronous block, so neither has seen the other's edits: truly concurrent. */
function concurrently(edits: Array<() => void>): void {
  for (const edit of edits) edit();
}

describe('convergence of concurrent edits', () => {
  it('two editors editing every part of the model, online and with one offline, converge without losing edits', async () => {
    const server = await startTrackedServer();
    const review = await createReview(server.url, 'Checkout outage');
    const a = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const b = connectClient(server.wsUrl, review.id, review.tokens.facilitator);
    await Promise.all([a.synced, b.synced]);

    // Shared base both sides edit concurrently afterwards.
    const eventId = addTimelineEvent(a.doc, { at: '2024-05-01T10:05:00Z', kind: 'impact', text: 'base event' });
    const findingId = addFinding(a.doc, { category: 'went-wrong', text: 'hello world', author: 'ana' });
    const actionId = addAction(a.doc, { title: 'base action', findingIds: [findingId] });
    insertParagraph(a.doc, 'summary', 'base paragraph');
    await waitConverged([a.doc, b.doc], 'base content on both clients');

    // --- Round 1: both connected, concurrent edits to every part of the model.
    let findingA = '';
    let findingB = '';
    concurrently([
      () => {
        const d = a.doc;
        titleText(d).insert(titleText(d).length, ' +A');
        setSeverity(d, 'SEV1');
        setKeyTime(d, 'started', '2024-05-01T09:55:00Z');
        setKeyTime(d, 'resolved', '2024-05-01T12:00:00Z');
        addTimelineEvent(d, { at: '2024-05-01T10:10:00Z', kind: 'action', text: 'event A' });
        updateTimelineEvent(d, eventId, { kind: 'decision' });
        findingText(d, findingId)!.insert(5, '[A]');
        findingText(d, findingId)!.insert(0, 'A-start ');
        moveFinding(d, findingId, 'lucky');
        findingA = addFinding(d, { category: 'went-well', text: 'finding A' });
        updateAction(d, actionId, { status: 'in-progress' });
        linkActionToFinding(d, actionId, findingA);
        addAction(d, { title: 'action A', owner: 'al' });
        insertParagraph(d, 'summary', 'para A', 0);
        paragraphText(d, 'summary', 1)!.insert(0, 'A: ');
      },
      () => {
        const d = b.doc;
        titleText(d).insert(0, 'B+ ');
        setKeyTime(d, 'detected', '2024-05-01T10:01:00Z');
        setKeyTime(d, 'resolved', '2024-05-01T12:30:00Z');
        addTimelineEvent(d, { at: '2024-05-01T10:20:00Z', kind: 'communication', text: 'event B' });
        const eventText = timelineEventText(d, eventId)!;
        eventText.insert(eventText.length, ' B');
        findingText(d, findingId)!.insert(5, '[B]');
        findingText(d, findingId)!.insert(findingText(d, findingId)!.length, ' B-end');
        setFindingGroup(d, findingId, 'grp-B');
        findingB = addFinding(d, { category: 'contributing-factor', text: 'finding B' });
        updateAction(d, actionId, { owner: 'bea' });
        linkActionToFinding(d, actionId, findingB);
        addAction(d, { title: 'action B', priority: 'P1' });
        insertParagraph(d, 'summary', 'para B');
        const base = paragraphText(d, 'summary', 0)!;
        base.insert(base.length, ' :B');
        insertParagraph(d, 'impact', 'impact B');
      },
    ]);
    await waitConverged([a.doc, b.doc], 'round 1 convergence');

    let s = reviewSnapshot(a.doc);
    expect(s.meta.title).toBe('B+ Checkout outage +A');
    expect(s.meta.severity).toBe('SEV1');
    expect(s.meta.times.started).toBe('2024-05-01T09:55:00.000Z');
    expect(s.meta.times.detected).toBe('2024-05-01T10:01:00.000Z');
    // Same key set concurrently: last-writer-wins picks one of the two, identically everywhere.
    expect(['2024-05-01T12:00:00.000Z', '2024-05-01T12:30:00.000Z']).toContain(s.meta.times.resolved);
    expect(s.timeline.map((e) => e.text).sort()).toEqual(['base event B', 'event A', 'event B']);
    expect(byId(s.timeline, eventId).kind).toBe('decision');
    const f = byId(s.findings, findingId);
    // Both inserts at offset 5 survive whole (their order is decided by client id).
    expect(['A-start hello[A][B] world B-end', 'A-start hello[B][A] world B-end']).toContain(f.text);
    expect(f.category).toBe('lucky');
    expect(f.groupId).toBe('grp-B');
    expect(byId(s.findings, findingA).text).toBe('finding A');
    expect(byId(s.findings, findingB).text).toBe('finding B');
    const x = byId(s.actions, actionId);
    expect(x).toMatchObject({ title: 'base action', status: 'in-progress', owner: 'bea' });
    expect([...x.findingIds].sort()).toEqual([findingId, findingA, findingB].sort());
    expect(s.actions.map((act) => act.title).sort()).toEqual(['action A', 'action B', 'base action']);
    expect(s.narrative.summary).toBe('para A\nA: base paragraph :B\npara B');
    expect(s.narrative.impact).toBe('impact B');

    // --- Round 2: B goes offline; both edit; B reconnects.
    b.provider.disconnect();
    expect(b.provider.wsconnected).toBe(false);
    let offlineA = '';
    let offlineB = '';
    concurrently([
      () => {
        const d = a.doc;
        titleText(d).insert(titleText(d).length, ' A2');
        setSeverity(d, 'SEV2');
        setKeyTime(d, 'mitigated', '2024-05-01T11:00:00Z');
        addTimelineEvent(d, { at: '2024-05-01T11:00:00Z', kind: 'action', text: 'offline-time event A' });
        findingText(d, findingId)!.insert(0, 'A2 ');
        moveFinding(d, findingB, 'went-well');
        offlineA = addFinding(d, { category: 'went-wrong', text: 'A while B offline' });
        addAction(d, { title: 'A offline action', findingIds: [offlineA] });
        updateAction(d, actionId, { priority: 'P1' });
        insertParagraph(d, 'summary', 'A offline para');
      },
      () => {
        const d = b.doc;
        titleText(d).insert(0, 'B2 ');
        setKeyTime(d, 'resolved', '2024-05-01T13:00:00Z');
        addTimelineEvent(d, { at: '2024-05-01T11:30:00Z', kind: 'other', text: 'offline event B' });
        const text = findingText(d, findingId)!;
        text.insert(text.length, ' B2');
        setFindingGroup(d, findingA, 'grp-B2');
        offlineB = addFinding(d, { category: 'lucky', text: 'B while offline' });
        linkActionToFinding(d, actionId, offlineB);
        updateAction(d, actionId, { due: '2024-07-01' });
        addAction(d, { title: 'B offline action' });
        insertParagraph(d, 'summary', 'B offline para', 0);
        insertParagraph(d, 'resolution', 'B offline resolution');
      },
    ]);
    // A's offline-time edits reach the server (a fresh client sees them) but not the offline B.
    await waitFor(async () => {
      const fresh = await readFresh(server.wsUrl, review.id, review.tokens.view);
      return readMeta(fresh).title.endsWith(' A2') && narrativeText(fresh, 'summary').includes('A offline para');
    }, 'A offline-time edits stored');
    expect(readMeta(b.doc).title).toBe('B2 B+ Checkout outage +A');
    expect(b.provider.wsconnected).toBe(false);

    b.provider.connect();
    await waitConverged([a.doc, b.doc], 'round 2 convergence after reconnect');

    s = reviewSnapshot(b.doc);
    expect(s.meta.title).toBe('B2 B+ Checkout outage +A A2');
    expect(s.meta).toMatchObject({ severity: 'SEV2', status: 'live' });
    expect(s.meta.times).toMatchObject({
      started: '2024-05-01T09:55:00.000Z',
      detected: '2024-05-01T10:01:00.000Z',
      mitigated: '2024-05-01T11:00:00.000Z',
      resolved: '2024-05-01T13:00:00.000Z',
    });
    expect(s.timeline.map((e) => e.text).sort()).toEqual([
      'base event B',
      'event A',
      'event B',
      'offline event B',
      'offline-time event A',
    ]);
    expect(byId(s.findings, findingId).text).toMatch(/^A2 A-start hello\[[AB]\]\[[AB]\] world B-end B2$/);
    expect(byId(s.findings, findingB).category).toBe('went-well');
    expect(byId(s.findings, findingA).groupId).toBe('grp-B2');
    expect(byId(s.findings, offlineA).text).toBe('A while B offline');
    expect(byId(s.findings, offlineB).text).toBe('B while offline');
    expect(byId(s.actions, actionId)).toMatchObject({ priority: 'P1', due: '2024-07-01', owner: 'bea' });
    expect(byId(s.actions, actionId).findingIds).toContain(offlineB);
    expect(s.actions.find((act) => act.title === 'A offline action')?.findingIds).toEqual([offlineA]);
    expect(s.actions.map((act) => act.title)).toContain('B offline action');
    expect(s.narrative.summary.split('\n')).toEqual([
      'B offline para',
      'para A',
      'A: base paragraph :B',
      'para B',
      'A offline para',
    ]);
    expect(s.narrative.resolution).toBe('B offline resolution');

    // Equal review snapshots and equal Yjs state, also for a client that was never part of it.
    expect(reviewSnapshot(a.doc)).toEqual(reviewSnapshot(b.doc));
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
    const fresh = await readFresh(server.wsUrl, review.id, review.tokens.view);
    expect(reviewSnapshot(fresh)).toEqual(reviewSnapshot(a.doc));
    expect(Y.encodeStateVector(fresh)).toEqual(Y.encodeStateVector(a.doc));
    expect(sameState(fresh, a.doc)).toBe(true);
    expect(serverComplaints(server)).toEqual([]);
    a.destroy();
    b.destroy();
  });

  it.each(testSeeds('convergence.random', CONVERGENCE_SEEDS_ONCE_FAILED))(
    'four clients doing seeded random operations with random disconnects end identical (seed %i)',
    async (seed) => {
      const rng = createRng(seed);
      const server = await startTrackedServer();
      const review = await createReview(server.url, 'Fuzzed review');
      const tokens = [review.tokens.edit, review.tokens.facilitator];
      const clients: SyncClient[] = Array.from({ length: 4 }, (_, i) =>
        connectClient(server.wsUrl, review.id, tokens[i % 2]!),
      );
      await Promise.all(clients.map((c) => c.synced));

      const online = () => clients.filter((c) => c.provider.shouldConnect);
      const counts: Record<string, number> = {};
      let toggles = 0;
      try {
        for (let step = 0; step < 300; step++) {
          const client = rng.pick(clients);
          let op = randomOperation(client.doc, rng);
          // An operation with nothing to act on yet (e.g. removing from an empty list) rolls again.
          for (let retry = 0; op === 'noop' && retry < 5; retry++) op = randomOperation(client.doc, rng);
          counts[op] = (counts[op] ?? 0) + 1;
          if (rng.chance(0.06)) {
            const target = rng.pick(clients);
            if (target.provider.shouldConnect) target.provider.disconnect();
            else target.provider.connect();
            toggles++;
          }
          if (rng.chance(0.08)) {
            // Let the connected replicas catch up, so later operations build on each other's edits.
            await waitConverged(
              online().map((c) => c.doc),
              `online replicas at step ${step}`,
            );
          } else if (rng.chance(0.5)) {
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        for (const c of clients) c.provider.connect();
        await waitConverged(
          clients.map((c) => c.doc),
          'all four replicas after the run',
          20_000,
        );
      } catch (err) {
        throw new Error(`seed=${seed}: ${(err as Error).message}`);
      }
      console.log(`[convergence.random] seed=${seed} toggles=${toggles} ops=${JSON.stringify(counts)}`);

      const final = reviewSnapshot(clients[0]!.doc);
      for (const c of clients) {
        expect(reviewSnapshot(c.doc), `seed=${seed}`).toEqual(final);
        expect(Y.encodeStateVector(c.doc), `seed=${seed}`).toEqual(Y.encodeStateVector(clients[0]!.doc));
      }
      const fresh = await readFresh(server.wsUrl, review.id, review.tokens.view);
      expect(reviewSnapshot(fresh), `seed=${seed}`).toEqual(final);
      expect(sameState(fresh, clients[0]!.doc), `seed=${seed}`).toBe(true);
      // The run did something: it is not trivially equal because nothing happened.
      expect(final.findings.length + final.timeline.length + final.actions.length).toBeGreaterThan(10);
      expect(serverComplaints(server), `seed=${seed}`).toEqual([]);
      for (const c of clients) c.destroy();
    },
  );
});
