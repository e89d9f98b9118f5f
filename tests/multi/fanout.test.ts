/**
 * Three instances on one PostgreSQL and one Redis (issue 14), stock y-websocket clients spread over
 * them: seeded random edits converge everywhere, an instance killed mid-run loses nothing another
 * client saw, and fan-out messages that never arrive are read from the database instead.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, listFindings, readMeta, reviewSnapshot } from '@hindsight/review';
import postgres from 'postgres';
import {
  closeCode,
  connectClient,
  openRaw,
  socketOf,
  waitFor,
  type RawSocket,
  type SyncClient,
} from '../support/clients';
import { requestStep2 } from '../support/frames';
import { copyOf, createRng, randomOperation, readFresh, testSeed, waitConverged, type Rng } from '../support/model';
import {
  createCluster,
  killSubscribers,
  multiInstanceReachable,
  privateRedis,
  type Cluster,
  type PrivateRedis,
} from '../support/multi';
import { callApi, createReview, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

const reachable = await multiInstanceReachable();

let clusters: Cluster[] = [];
let clients: SyncClient[] = [];
let raws: RawSocket[] = [];
let redises: PrivateRedis[] = [];
afterEach(async () => {
  for (const redis of redises) await redis.kill();
  redises = [];
  for (const c of clients) c.destroy();
  clients = [];
  for (const raw of raws) raw.ws.terminate();
  raws = [];
  await stopAllServers();
  for (const cluster of clusters) await cluster.drop();
  clusters = [];
});
afterAll(stopAllServers);

async function cluster(): Promise<Cluster> {
  const created = await createCluster();
  clusters.push(created);
  return created;
}

/** A stock client on `server`, remembered for cleanup. */
function client(server: TestServer, review: CreatedReview, token: string, doc?: Y.Doc): SyncClient {
  const connected = connectClient(server.wsUrl, review.id, token, doc);
  clients.push(connected);
  return connected;
}

/** One random model operation by a random client of `among` (a few tries when it finds nothing to act on). */
function randomEdit(among: SyncClient[], rng: Rng): void {
  const editor = rng.pick(among);
  for (let tries = 0; tries < 5 && randomOperation(editor.doc, rng) === 'noop'; tries++);
}

/** Whether `doc` holds every update `seen` holds (its state vector covers the other's). */
function covers(doc: Y.Doc, seen: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(seen))) {
    if ((have.get(clientId) ?? 0) < clock) return false;
  }
  return true;
}

/** Waits for each room's one read of the database just after its load (see Room): past it, only messages count. */
async function loadCatchUps(servers: TestServer[]): Promise<void> {
  for (const server of servers) {
    await waitFor(
      () => server.logs.some((l) => (l.msg === 'room.caught_up' || l.msg === 'room.gap_filled') && l.reason === 'load'),
      'the load catch-up',
    );
  }
}

/** Log lines that say an instance refused or broke something that well-behaved clients did. */
const complaints = (server: TestServer) => server.logs.filter((line) => line.level === 'error');

describe.skipIf(!reachable)('several instances on PostgreSQL and Redis', () => {
  // This test once failed about 1 run in 8 under load (seeds 3665386691, 2502527899, 219462707,
  // 1888438513, 327814411, 3879612115, 1514569565, 1148276524, 4049914985): an instance's own append
  // resolved after later seqs from the others had arrived, and the updates held behind it were counted
  // as applied without reaching its document (UpdateOrder.appended dropped them; its unit tests have
  // the interleaving). On failure it prints each client's and instance's state vector, a fresh
  // client's view of each instance, the database's active sessions and the fan-out log lines.
  // Its own deliberate breaks, each run by hand: the room ignoring a client's sync step 2 (so the
  // edits the killed instance never stored, which its clients send again on reconnecting, are lost)
  // failed 3 runs of 3 at "all six clients after the run"; the PostgreSQL append acknowledged before
  // its COMMIT (postgres/document-log.ts resolving the seqs inside the transaction, so an update is
  // relayed and published before it is durable) failed 5 runs of 18 at "clients of the surviving
  // instances" (the kill rolls the batch back, another instance takes its seq again, and survivors
  // that applied the lost update skip the real one); Room.scheduleGapFill doing nothing failed 1 of
  // 3. The kill lands inside a commit only sometimes, so for durable-before-relayed the unit test
  // with held appends in apps/server/src/sync/room.test.ts is the sharp one.
  it('seeded random edits over three instances converge, and killing one mid-run loses nothing another client saw', async () => {
    const seed = testSeed('multi.convergence');
    const rng = createRng(seed);
    const c = await cluster();
    // Small compactions, so instances compact while others' rows are still arriving.
    const env = { HINDSIGHT_COMPACT_EVERY: '15' };
    const servers = [await c.start(env), await c.start(env), await c.start(env)];
    const review = await createReview(servers[0]!.url, 'Across instances');
    const tokens = [review.tokens.edit, review.tokens.facilitator];
    const byServer = servers.map((server) => [0, 1].map((i) => client(server, review, tokens[i]!)));
    await Promise.all(byServer.flat().map((x) => x.synced));
    const everyone = () => byServer.flat();
    try {
      for (let step = 0; step < 120; step++) {
        randomEdit(everyone(), rng);
        if (rng.chance(0.1))
          await waitConverged(
            everyone().map((x) => x.doc),
            `step ${step}`,
          );
        else if (rng.chance(0.5)) await new Promise((resolve) => setImmediate(resolve));
      }
      // Clients of the third instance type a burst, and it dies with some of it still on the way.
      for (let i = 0; i < 20; i++) randomEdit(byServer[2]!, rng);
      await new Promise((resolve) => setImmediate(resolve));
      await servers[2]!.kill9();
      const survivors = [...byServer[0]!, ...byServer[1]!];
      await waitConverged(
        survivors.map((x) => x.doc),
        'clients of the surviving instances',
      );
      const seen = copyOf(survivors[0]!.doc);
      // A new instance loads the review from the database only: all the survivors saw must be there.
      const fourth = await c.start(env);
      const stored = await readFresh(fourth.wsUrl, review.id, review.tokens.view);
      expect(covers(stored, seen), `seed=${seed}: an update a client saw is not stored`).toBe(true);

      // The killed instance comes back (on a new port); its clients reconnect there with their edits.
      const restarted = await c.start(env);
      servers[2] = restarted;
      byServer[2] = byServer[2]!.map((old, i) => {
        old.provider.destroy();
        return client(restarted, review, tokens[i]!, old.doc);
      });
      for (let step = 0; step < 60; step++) {
        randomEdit(everyone(), rng);
        if (rng.chance(0.5)) await new Promise((resolve) => setImmediate(resolve));
      }
      await waitConverged(
        everyone().map((x) => x.doc),
        'all six clients after the run',
        30_000,
      );
    } catch (err) {
      // What the instances warned about says where it stuck (a lost message, a refused update...).
      const warnings = servers.flatMap((server, i) =>
        server.logs
          .filter((line) => line.level === 'warn' || line.level === 'error')
          .map((line) => `instance ${i}: ${JSON.stringify(line)}`),
      );
      const vectors = everyone().map(
        (x, i) =>
          `client ${i} (id ${x.doc.clientID}): ${JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(x.doc))])} pending=${!!x.doc.store.pendingStructs} ds=${!!x.doc.store.pendingDs} ws=${x.provider.wsconnected}`,
      );
      const fills = servers.flatMap((server, i) =>
        server.logs
          .filter((line) => /gap|caught|fanout|conn\.clos|compact|subscri|reconnect|store|reset/.test(String(line.msg)))
          .map((line) => `instance ${i}: ${JSON.stringify(line)}`)
          .slice(-30),
      );
      const fresh: string[] = [];
      for (const [i, server] of servers.entries()) {
        const probe = connectClient(server.wsUrl, review.id, review.tokens.view);
        const synced = await Promise.race([
          probe.synced.then(() => true),
          new Promise((r) => setTimeout(() => r(false), 3000)),
        ]);
        fresh.push(
          `fresh on ${i}: synced=${synced} ${JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(probe.doc))])}`,
        );
        probe.destroy();
      }
      const admin = postgres('postgres://postgres@127.0.0.1:5432/test', { max: 1, onnotice: () => {} });
      const activity =
        await admin`SELECT pid, state, wait_event_type, wait_event, left(query, 120) AS q FROM pg_stat_activity WHERE datname = 'test' AND state <> 'idle'`;
      await admin.end();
      throw new Error(
        `seed=${seed}: ${(err as Error).message}\n${warnings.slice(-40).join('\n')}\n${vectors.join('\n')}\n${fresh.join('\n')}\n${JSON.stringify(activity)}\n${fills.join('\n')}`,
      );
    }
    const final = reviewSnapshot(everyone()[0]!.doc);
    expect(final.findings.length + final.timeline.length + final.actions.length).toBeGreaterThan(10);
    for (const server of servers) {
      const fresh = await readFresh(server.wsUrl, review.id, review.tokens.view);
      expect(reviewSnapshot(fresh), `seed=${seed}`).toEqual(final);
      expect(complaints(server), `seed=${seed}`).toEqual([]);
    }
    expect(servers.some((s) => s.logs.some((line) => line.msg === 'room.compacted'))).toBe(true);
    // Five server starts, a kill and 180 steps with waits for convergence: about 20 s on a quiet
    // machine, past a minute on a loaded one (load 30: 31-92 s over 16 runs), so not the suite's 90 s.
  }, 240_000);

  it('fills the updates whose fan-out message was lost from the database, in order', async () => {
    const seed = testSeed('multi.lost');
    const rng = createRng(seed);
    const c = await cluster();
    // The first instance drops every second update it would publish.
    const lossy = await c.start({ HINDSIGHT_FANOUT_DROP_EVERY: '2' });
    const others = [await c.start(), await c.start()];
    const review = await createReview(lossy.url, 'Lossy fan-out');
    const writer = client(lossy, review, review.tokens.edit);
    const readers = others.map((server) => client(server, review, review.tokens.edit));
    await Promise.all([writer, ...readers].map((x) => x.synced));
    await loadCatchUps(others);
    for (let i = 0; i < 12; i++) {
      randomEdit([writer], rng);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The lossy instance's last message may be the one dropped: an edit stored elsewhere has a later
    // seq, and that shows the gap to every instance.
    await waitFor(() => lossy.logs.filter((l) => l.msg === 'fanout.dropped_for_test').length >= 5, 'dropped messages');
    randomEdit([readers[0]!], rng);
    await waitConverged(
      [writer, ...readers].map((x) => x.doc),
      `seed=${seed}: clients on the three instances`,
    );
    for (const server of others) {
      expect(server.logs.some((line) => line.msg === 'room.gap_filled' && line.reason === 'gap')).toBe(true);
    }
  });

  it('resyncs every loaded room from the database when its Redis subscriber was cut off', async () => {
    const seed = testSeed('multi.reconnect');
    const rng = createRng(seed);
    const c = await cluster();
    const servers = [await c.start(), await c.start(), await c.start()];
    const review = await createReview(servers[0]!.url, 'Redis hiccup');
    const all = servers.map((server) => client(server, review, review.tokens.edit));
    await Promise.all(all.map((x) => x.synced));
    expect(await killSubscribers(c)).toBe(3);
    // Edits while the subscribers reconnect: some messages are published to nobody.
    for (let i = 0; i < 30; i++) {
      randomEdit(all, rng);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitConverged(
      all.map((x) => x.doc),
      `seed=${seed}: clients on three instances`,
    );
    for (const server of servers) {
      await waitFor(() => server.logs.some((line) => line.msg === 'fanout.reconnected'), 'the subscriber reconnected');
    }
  });

  /** A review on `servers`, with an editor socket on each opened with its edit link (and the link's id). */
  async function editorsOnEach(servers: TestServer[]) {
    const review = (await createReview(servers[0]!.url, 'Revoked across')) as CreatedReview & {
      linkIds: { edit: string };
    };
    const sockets = servers.map((server) => openRaw(server.wsUrl, review.id, review.tokens.edit));
    raws.push(...sockets);
    await Promise.all(sockets.map((socket) => socket.opened));
    return { review, sockets };
  }

  it('revoking a link on one instance closes its sockets on all three within 1 s (4401)', async () => {
    const c = await cluster();
    // The periodic re-check is pushed out of the way: only the revocation event can close them in time.
    const env = { HINDSIGHT_RECHECK_SECONDS: '3600' };
    const servers = [await c.start(env), await c.start(env), await c.start(env)];
    const { review, sockets } = await editorsOnEach(servers);
    await callApi(servers[1]!, review, 'DELETE', `/links/${review.linkIds.edit}`, review.tokens.facilitator);
    const codes = await Promise.all(sockets.map((socket) => closeCode(socket, 1_000)));
    expect(codes).toEqual([4401, 4401, 4401]);
  });

  it('closes the sockets of a link revoked with no event (a lost message) at the periodic re-check', async () => {
    const c = await cluster();
    const env = { HINDSIGHT_RECHECK_SECONDS: '1' };
    const servers = [await c.start(env), await c.start(env), await c.start(env)];
    const { review, sockets } = await editorsOnEach(servers);
    // Each connection's own check after joining is done, so that only the re-check can close it.
    await waitFor(
      () => servers.every((server) => server.logs.some((line) => line.msg === 'conn.rechecked')),
      'the check after joining on every instance',
    );
    // Revoked behind the instances' backs, as if the revocation's fan-out message never arrived.
    const sql = postgres(c.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await sql`UPDATE tokens SET revoked_at = ${new Date().toISOString()} WHERE id = ${review.linkIds.edit}`;
    } finally {
      await sql.end({ timeout: 1 });
    }
    const codes = await Promise.all(sockets.map((socket) => closeCode(socket, 10_000)));
    expect(codes).toEqual([4401, 4401, 4401]);
    for (const server of servers) {
      expect(server.logs.some((line) => line.msg === 'review.link_closed_by_recheck')).toBe(true);
    }
  });

  it('a Redis restart: each instance keeps serving its own clients and storing, and heals when Redis is back', async () => {
    const seed = testSeed('multi.redis-restart');
    const rng = createRng(seed);
    const redis = await privateRedis();
    redises.push(redis);
    const c = await createCluster(redis.url);
    clusters.push(c);
    // No periodic re-check in the way: only the reconnect can heal what was missed.
    const env = { HINDSIGHT_RECHECK_SECONDS: '3600' };
    const servers = [await c.start(env), await c.start(env)];
    const review = await createReview(servers[0]!.url, 'Redis restart');
    const [a, a2] = [client(servers[0]!, review, review.tokens.edit), client(servers[0]!, review, review.tokens.view)];
    const b = client(servers[1]!, review, review.tokens.edit);
    await Promise.all([a, a2, b].map((x) => x.synced));
    await loadCatchUps(servers);
    await redis.kill();
    // Edits on the first instance only: the second appends nothing, so no seq of its own shows it a gap.
    for (let i = 0; i < 10; i++) randomEdit([a], rng);
    // Redis is down: the instance still stores and relays to its own clients.
    await waitConverged([a.doc, a2.doc], `seed=${seed}: two clients of the first instance`);
    expect(covers(b.doc, a.doc)).toBe(false);
    await redis.start();
    await waitConverged([a.doc, a2.doc, b.doc], `seed=${seed}: clients of both instances after Redis is back`, 20_000);
    expect(servers[1]!.logs.some((line) => line.msg === 'room.gap_filled' && line.reason === 'reconnect')).toBe(true);
    const fresh = await readFresh(servers[1]!.wsUrl, review.id, review.tokens.view);
    expect(reviewSnapshot(fresh)).toEqual(reviewSnapshot(a.doc));
  });

  it('closing a review on one instance makes every instance read-only within 1 s', async () => {
    const c = await cluster();
    const servers = [await c.start(), await c.start(), await c.start()];
    const review = await createReview(servers[0]!.url, 'Closed across');
    const editors = servers.map((server) => client(server, review, review.tokens.edit));
    await Promise.all(editors.map((x) => x.synced));
    addFinding(editors[2]!.doc, { category: 'went-wrong', text: 'before closing' });
    await waitFor(() => editors.every((e) => listFindings(e.doc).length === 1), 'the edit before closing');

    await callApi(servers[0]!, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Priya' });
    const answered = Date.now();
    await waitFor(() => editors.every((e) => readMeta(e.doc).status === 'closed'), 'the closed status everywhere');
    expect(Date.now() - answered).toBeLessThan(1_000);

    for (const editor of editors.slice(1)) addFinding(editor.doc, { category: 'lucky', text: 'after closing' });
    // The server handles a socket's messages in order: its answer to a sync step 1 comes after the edit.
    for (const editor of editors.slice(1)) {
      const state = new Y.Doc();
      Y.applyUpdate(state, await requestStep2(socketOf(editor)));
      expect(listFindings(state).map((f) => f.text)).toEqual(['before closing']);
    }
    const fresh = await readFresh(servers[0]!.wsUrl, review.id, review.tokens.view);
    expect(listFindings(fresh).map((f) => f.text)).toEqual(['before closing']);
  });
});
