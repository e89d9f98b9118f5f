/**
 * Per-address rate limits across instances (issue 13, point 3, with issue 14's Redis): an address
 * gets one budget whichever instance the load balancer sends it to, counted in Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCluster, multiInstanceReachable, type Cluster } from '../support/multi';
import { stopAllServers, type TestServer } from '../support/server';

const reachable = await multiInstanceReachable();

let clusters: Cluster[] = [];
afterEach(async () => {
  await stopAllServers();
  for (const cluster of clusters) await cluster.drop();
  clusters = [];
});

/** POST /api/reviews on `server`: the status it answers. */
async function create(server: TestServer): Promise<number> {
  const res = await fetch(`${server.url}/api/reviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Shared budget', severity: 'SEV3' }),
  });
  await res.body?.cancel();
  return res.status;
}

describe.skipIf(!reachable)('address limits on several instances', () => {
  it('share one creation budget per address through Redis, whichever instance takes the request', async () => {
    const cluster = await createCluster();
    clusters.push(cluster);
    const env = { HINDSIGHT_CREATES_PER_HOUR: '4' };
    const [a, b] = [await cluster.start(env), await cluster.start(env)];
    // Alternating between the instances: each saw at most 3, so per-instance counters would allow all 6.
    const statuses: number[] = [];
    for (const server of [a, b, a, b, a, b]) statuses.push(await create(server!));
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
  });
});
