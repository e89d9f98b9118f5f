/**
 * Team spaces on two instances sharing PostgreSQL and Redis (issue 15 part 3): the instance that
 * stored an edit refreshes the review's index, the other (which has the review loaded and receives
 * the edit through Redis) does not, and search on either finds the edit within seconds; taking a
 * review out of its space, or revoking a space link, on one instance closes the space's sockets on
 * the other with 4401 through the control channel (the periodic re-check is set far out of reach).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addFinding, listFindings } from '@hindsight/review';
import { closeCode, connectClient, openRaw, type RawSocket, type SyncClient } from '../support/clients';
import { createCluster, multiInstanceReachable, type Cluster } from '../support/multi';
import { stopAllServers, type CreatedReview, type TestServer } from '../support/server';

const reachable = await multiInstanceReachable();

let clusters: Cluster[] = [];
let clients: SyncClient[] = [];
let raws: RawSocket[] = [];
afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  for (const raw of raws) raw.ws.terminate();
  raws = [];
  await stopAllServers();
  for (const cluster of clusters) await cluster.drop();
  clusters = [];
});
afterAll(stopAllServers);

interface CreatedSpace {
  id: string;
  tokens: { admin: string; member: string };
}

async function call<T>(
  server: TestServer,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** Two instances of a fresh cluster, the re-check (the fan-out's safety net) out of the way. */
async function twoInstances(): Promise<[TestServer, TestServer]> {
  const cluster = await createCluster();
  clusters.push(cluster);
  const env = { HINDSIGHT_RECHECK_SECONDS: '3600' };
  return [await cluster.start(env), await cluster.start(env)];
}

async function spaceWithReview(server: TestServer): Promise<{ space: CreatedSpace; review: CreatedReview }> {
  const space = await call<CreatedSpace>(server, 'POST', '/spaces', null, { name: 'Two instances' });
  const review = await call<CreatedReview>(server, 'POST', `/spaces/${space.id}/reviews`, space.tokens.admin, {
    title: 'Split brain',
  });
  return { space, review };
}

const indexedOn = (server: TestServer, reviewId: string) =>
  server.logs.filter((line) => line.msg === 'space.indexed' && line.reviewId === reviewId).length;

describe.skipIf(!reachable)('team spaces on several instances', () => {
  it('only the instance that stored an edit refreshes the index; search finds it on both', async () => {
    const [a, b] = await twoInstances();
    const { space, review } = await spaceWithReview(a);
    // The review is loaded on both: b receives a's updates through Redis.
    const reader = connectClient(b.wsUrl, review.id, space.tokens.member);
    const writer = connectClient(a.wsUrl, review.id, review.tokens.edit);
    clients.push(reader, writer);
    await Promise.all([reader.synced, writer.synced]);
    const indexedOnBBefore = indexedOn(b, review.id);

    const word = `lynx${randomBytes(3).toString('hex')}`;
    addFinding(writer.doc, { category: 'went-wrong', text: `The ${word} failover flapped` });
    await expect.poll(() => listFindings(reader.doc).length, { timeout: 5_000 }).toBe(1);
    for (const server of [a, b]) {
      await expect
        .poll(
          async () =>
            (
              await call<{ reviews: Array<{ id: string }> }>(
                server,
                'GET',
                `/spaces/${space.id}/search?q=${word}`,
                space.tokens.member,
              )
            ).reviews.map((entry) => entry.id),
          { timeout: 8_000, interval: 100 },
        )
        .toEqual([review.id]);
    }
    expect(indexedOn(a, review.id)).toBeGreaterThan(0);
    expect(indexedOn(b, review.id)).toBe(indexedOnBBefore);
  });

  it('taking a review out of its space or revoking a space link on one instance closes the sockets on the other (4401)', async () => {
    const [a, b] = await twoInstances();
    const { space, review } = await spaceWithReview(a);
    const member = openRaw(b.wsUrl, review.id, space.tokens.member);
    raws.push(member);
    await member.opened;
    const issued = await call<{ id: string; token: string }>(
      a,
      'POST',
      `/spaces/${space.id}/links`,
      space.tokens.admin,
      {
        kind: 'member',
      },
    );
    const extra = openRaw(b.wsUrl, review.id, issued.token);
    raws.push(extra);
    await extra.opened;

    await call(a, 'DELETE', `/spaces/${space.id}/links/${issued.id}`, space.tokens.admin);
    expect(await closeCode(extra)).toBe(4401);
    expect(member.ws.readyState).toBe(member.ws.OPEN);

    await call(a, 'DELETE', `/reviews/${review.id}/space`, review.tokens.facilitator);
    expect(await closeCode(member)).toBe(4401);
  });
});
