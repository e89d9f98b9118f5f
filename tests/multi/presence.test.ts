/**
 * Presence across three instances on one PostgreSQL and one Redis (issue 14, point 4), with stock
 * y-websocket clients: a client sees who is on the other instances (also those who came before its
 * instance loaded the review), the states of a killed instance's clients disappear within the
 * awareness timeout while live ones stay (and one of them, reconnected elsewhere, is shown again),
 * "N present" counts every instance's connections, and the anonymous policy holds for presence that
 * arrives from another instance or from Redis itself.
 */
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, openRaw, type RawSocket, type SyncClient } from '../support/clients';
import { awarenessFrame, awarenessPayload, requestStep2, type AwarenessClaim } from '../support/frames';
import { countRoomConnections } from '@hindsight/protocol';
import { readControl } from '@hindsight/review';
import { REDIS_URL, multiInstanceReachable, trackedCluster, dropTrackedClusters } from '../support/multi';
import { callApi, createReview, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

const reachable = await multiInstanceReachable();

let clients: SyncClient[] = [];
let raws: RawSocket[] = [];
afterEach(async () => {
  for (const c of clients) c.destroy();
  clients = [];
  for (const raw of raws) raw.ws.terminate();
  raws = [];
  await stopAllServers();
  await dropTrackedClusters();
});

/** y-protocols' outdated timeout: a state not renewed for this long is dropped (y-protocols/awareness). */
const AWARENESS_TIMEOUT_MS = 30_000;
/** Both the server and the client check for outdated states every tenth of the timeout. */
const TIMEOUT_CHECK_MS = AWARENESS_TIMEOUT_MS / 10;
/** A client renews its own state once it is half the timeout old (at a check). */
const RENEWAL_MS = AWARENESS_TIMEOUT_MS / 2;

/** A stock client on `server` showing `name` in presence, remembered for cleanup. */
function person(server: TestServer, review: CreatedReview, name: string, token = review.tokens.edit): SyncClient {
  const client = connectClient(server.wsUrl, review.id, token);
  client.provider.awareness.setLocalStateField('user', { name, color: '#027a48' });
  clients.push(client);
  return client;
}

/** The names `client` shows in presence (other people's, as the web app's presence bar lists them). */
function namesSeenBy(client: SyncClient): string[] {
  const awareness = client.provider.awareness;
  return [...awareness.getStates()]
    .filter(([id]) => id !== awareness.clientID)
    .flatMap(([, state]) => {
      const name = (state as { user?: { name?: unknown } }).user?.name;
      return typeof name === 'string' ? [name] : [];
    })
    .sort();
}

/** The "N present" `client` shows: the connection counts of every instance serving the review, added up. */
function presentCount(client: SyncClient): number | null {
  return countRoomConnections(client.provider.awareness.getStates().values());
}

/** Every state `client` is ever shown from now on, as JSON. */
function recordShown(client: SyncClient): string[] {
  const shown: string[] = [];
  const awareness = client.provider.awareness;
  awareness.on('change', () => {
    for (const state of awareness.getStates().values()) shown.push(JSON.stringify(state));
  });
  return shown;
}

/**
 * Resolves once `ms` have passed since `since`. Not a wait for a condition: what these tests prove is
 * about time itself (a state outlives, or does not outlive, the awareness timeout).
 */
async function timePassed(since: number, ms: number): Promise<void> {
  const left = since + ms - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}

/** A fan-out presence message in the wire format of apps/server/src/fanout/wire.ts: sender, kind 1, payload. */
function fanoutAwareness(sender: string, claims: AwarenessClaim[]): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, sender);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, awarenessPayload(claims));
  return Buffer.from(encoding.toUint8Array(encoder));
}

describe.skipIf(!reachable)('presence across instances', () => {
  it('shows the clients of the other instances, also those there before this instance loaded the review, and their changes', async () => {
    const cluster = await trackedCluster();
    const [a, b, c] = [await cluster.start(), await cluster.start(), await cluster.start()];
    const review = await createReview(a.url, 'Presence across');
    const bob = person(b, review, 'Bob');
    const carol = person(c, review, 'Carol');
    await Promise.all([bob.synced, carol.synced]);
    await expect.poll(() => namesSeenBy(bob), { timeout: 3_000 }).toEqual(['Carol']);
    // A has not loaded the review yet: it learns of Bob and Carol by asking, not at their next
    // renewal (up to 18 s away).
    const alice = person(a, review, 'Alice');
    await alice.synced;
    await expect.poll(() => namesSeenBy(alice), { timeout: 3_000 }).toEqual(['Bob', 'Carol']);
    await expect.poll(() => namesSeenBy(carol), { timeout: 3_000 }).toEqual(['Alice', 'Bob']);
    // Everyone counts the three connections, whichever instance they are on.
    for (const viewer of [alice, bob, carol]) await expect.poll(() => presentCount(viewer), { timeout: 3_000 }).toBe(3);

    bob.provider.awareness.setLocalStateField('editing', 'narrative:summary');
    const editingOfBob = (viewer: SyncClient) =>
      (viewer.provider.awareness.getStates().get(bob.doc.clientID) as { editing?: unknown } | undefined)?.editing;
    await expect.poll(() => editingOfBob(alice), { timeout: 3_000 }).toBe('narrative:summary');
    await expect.poll(() => editingOfBob(carol), { timeout: 3_000 }).toBe('narrative:summary');
    // Leaving is seen on the other instances at once, not at the timeout.
    carol.provider.disconnect();
    await expect.poll(() => namesSeenBy(alice), { timeout: 3_000 }).toEqual(['Bob']);
    await expect.poll(() => presentCount(alice), { timeout: 3_000 }).toBe(2);
  });

  it(
    'kill -9: the states of the dead instance’s clients disappear within the awareness timeout, live ones stay, a reconnected one comes back',
    { timeout: 120_000 },
    async () => {
      const cluster = await trackedCluster();
      const [a, b, c] = [await cluster.start(), await cluster.start(), await cluster.start()];
      const review = await createReview(a.url, 'Presence and a dead instance');
      const alice = person(a, review, 'Alice');
      const bob = person(b, review, 'Bob');
      const carol = person(c, review, 'Carol');
      person(c, review, 'Carl');
      await expect.poll(() => namesSeenBy(alice), { timeout: 5_000 }).toEqual(['Bob', 'Carl', 'Carol']);
      await expect.poll(() => namesSeenBy(bob), { timeout: 5_000 }).toEqual(['Alice', 'Carl', 'Carol']);
      await expect.poll(() => presentCount(alice), { timeout: 5_000 }).toBe(4);
      const lastSetAt = Date.now();
      // A live client's state must never expire: its renewals (every 15 s) cross instances.
      const liveRemoved: string[] = [];
      for (const [viewer, live] of [
        [alice, bob],
        [bob, alice],
      ] as const) {
        viewer.provider.awareness.on('change', ({ removed }: { removed: number[] }) => {
          if (removed.includes(live.doc.clientID))
            liveRemoved.push(`${live.doc.clientID} at ${Date.now() - lastSetAt} ms`);
        });
      }

      await c.kill9();
      const killedAt = Date.now();
      // Carol's client reconnects through the balancer and lands on B, with the same awareness client
      // id, which B still holds for the dead instance: B gives it no voice until that state expires.
      carol.provider.destroy();
      const carolAgain = connectClient(b.wsUrl, review.id, review.tokens.edit, carol.doc);
      carolAgain.provider.awareness.setLocalStateField('user', { name: 'Carol', color: '#027a48' });
      clients.push(carolAgain);
      // Half-way through the timeout a client joins A: the server hands it Carol and Carl (its
      // awareness still has them), so only the server's expiry, relayed, can remove them in time
      // (the client's own timer would keep them 30 s from now).
      await timePassed(killedAt, AWARENESS_TIMEOUT_MS / 2);
      const late = person(a, review, 'Dana');
      await expect.poll(() => namesSeenBy(late), { timeout: 5_000 }).toEqual(['Alice', 'Bob', 'Carl', 'Carol']);
      expect(presentCount(late)).toBe(6);

      // Carl and the count: C's own state (its two connections) expires like its clients'.
      const bound = AWARENESS_TIMEOUT_MS + 2 * TIMEOUT_CHECK_MS;
      const carlGone = (viewer: SyncClient) =>
        expect
          .poll(() => ({ carl: namesSeenBy(viewer).includes('Carl'), present: presentCount(viewer) }), {
            timeout: bound + 5_000,
            interval: 200,
          })
          .toEqual({ carl: false, present: 4 });
      for (const viewer of [alice, bob, late]) await carlGone(viewer);
      const removedAfter = Date.now() - killedAt;
      expect(removedAfter, 'the dead instance’s clients removed within the awareness timeout').toBeLessThan(bound);
      // Carol, reconnected to B, is shown again once her old state expired there: at once if the
      // relayed removal makes her client announce itself again, else at her next renewal.
      const back = (viewer: SyncClient, expected: string[]) =>
        expect
          .poll(() => namesSeenBy(viewer), { timeout: RENEWAL_MS + 2 * TIMEOUT_CHECK_MS + 5_000 })
          .toEqual(expected);
      await back(alice, ['Bob', 'Carol', 'Dana']);
      await back(bob, ['Alice', 'Carol', 'Dana']);
      await back(late, ['Alice', 'Bob', 'Carol']);
      expect(Date.now() - killedAt).toBeLessThan(bound + RENEWAL_MS + TIMEOUT_CHECK_MS);
      // Carol speaks again from B: her changes reach both instances.
      carolAgain.provider.awareness.setLocalStateField('editing', 'narrative:impact');
      const editingOfCarol = (viewer: SyncClient) =>
        (viewer.provider.awareness.getStates().get(carol.doc.clientID) as { editing?: unknown } | undefined)?.editing;
      await expect.poll(() => editingOfCarol(alice), { timeout: 3_000 }).toBe('narrative:impact');
      await expect.poll(() => editingOfCarol(bob), { timeout: 3_000 }).toBe('narrative:impact');

      // More than the timeout has passed since Alice and Bob last changed their state: renewals alone
      // kept them, on each other's instance too.
      await timePassed(lastSetAt, AWARENESS_TIMEOUT_MS + 2 * TIMEOUT_CHECK_MS);
      expect(namesSeenBy(alice)).toEqual(['Bob', 'Carol', 'Dana']);
      expect(namesSeenBy(bob)).toEqual(['Alice', 'Carol', 'Dana']);
      expect([presentCount(alice), presentCount(bob)]).toEqual([4, 4]);
      expect(liveRemoved).toEqual([]);
      // The servers dropped them too: a newcomer is not shown the dead instance's clients.
      const newcomer = person(b, review, 'Eve');
      await expect.poll(() => namesSeenBy(newcomer), { timeout: 5_000 }).toEqual(['Alice', 'Bob', 'Carol', 'Dana']);
    },
  );

  it('under the anonymous policy shows no name from another instance, nor one published on Redis by hand', async () => {
    const cluster = await trackedCluster();
    const [a, b] = [await cluster.start(), await cluster.start()];
    const review = await createReview(a.url, 'Anonymous presence across');
    const observer = connectClient(a.wsUrl, review.id, review.tokens.edit);
    clients.push(observer);
    const colleague = connectClient(b.wsUrl, review.id, review.tokens.edit);
    clients.push(colleague);
    await Promise.all([observer.synced, colleague.synced]);
    await callApi(a, review, 'PATCH', '/control', review.tokens.facilitator, { anonymity: 'anonymous' });
    const shown = [recordShown(observer), recordShown(colleague)];
    const stateAt = (viewer: SyncClient, clientId: number) => viewer.provider.awareness.getStates().get(clientId);
    const pseudonym = { user: { name: 'Quiet Otter', color: '#027a48' } };
    const named = { user: { name: 'Ana Alvarez', color: '#027a48' } };

    await expect.poll(() => readControl(colleague.doc).anonymity, { timeout: 3_000 }).toBe('anonymous');
    observer.provider.awareness.setLocalStateField('user', { name: 'Brave Heron', color: '#027a48' });
    await expect
      .poll(() => stateAt(colleague, observer.doc.clientID), { timeout: 3_000 })
      .toMatchObject({
        user: { name: 'Brave Heron' },
      });

    // A modified client on B names itself: B drops it, as it would for a client of its own.
    const forger = openRaw(b.wsUrl, review.id, review.tokens.edit);
    raws.push(forger);
    await forger.opened;
    forger.ws.send(awarenessFrame([{ clientId: 4242, clock: 1, state: named }]));
    forger.ws.send(awarenessFrame([{ clientId: 4242, clock: 2, state: pseudonym }]));
    await expect.poll(() => stateAt(observer, 4242), { timeout: 3_000 }).toEqual(pseudonym);
    // Another speaks (pseudonymously) for the observer, a client of A: B gives it no voice. The
    // answer to a sync step 1 comes after B handled the frame before it.
    const impostor = openRaw(b.wsUrl, review.id, review.tokens.edit);
    raws.push(impostor);
    await impostor.opened;
    const observerClock = observer.provider.awareness.meta.get(observer.doc.clientID)!.clock;
    const impersonation = { user: { name: 'Calm Crane', color: '#027a48' } };
    impostor.ws.send(
      awarenessFrame([{ clientId: observer.doc.clientID, clock: observerClock + 50, state: impersonation }]),
    );
    await requestStep2(impostor.ws);

    // An instance that has not seen the policy turn yet, or anything else on Redis, publishes a
    // named state: no instance shows it while the review is anonymous.
    const redis = new Redis(REDIS_URL);
    try {
      const channel = `${cluster.redisPrefix}review:${review.id}`;
      await redis.publish(channel, fanoutAwareness('forger', [{ clientId: 5151, clock: 1, state: named }]));
      await redis.publish(channel, fanoutAwareness('forger', [{ clientId: 5152, clock: 1, state: pseudonym }]));
    } finally {
      redis.disconnect();
    }
    // What was sent after the forgeries arrives, so they were handled (and dropped) by then.
    await expect.poll(() => stateAt(observer, 5152), { timeout: 3_000 }).toEqual(pseudonym);
    await expect.poll(() => stateAt(colleague, 5152), { timeout: 3_000 }).toEqual(pseudonym);
    expect(stateAt(observer, 5151)).toBeUndefined();
    expect(stateAt(colleague, 5151)).toBeUndefined();
    expect(stateAt(colleague, observer.doc.clientID)).toMatchObject({ user: { name: 'Brave Heron' } });
    expect(shown.flat().filter((state) => /Ana|Calm Crane/.test(state))).toEqual([]);
  });
});
