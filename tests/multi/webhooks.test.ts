/**
 * Webhooks on several instances (PostgreSQL and Redis): two instances diff the same review all the
 * time (a sweep every second on each, besides the diff after each change) and both poll the
 * outbox, yet each change is enqueued once and each delivery sent once: the diff runs under the
 * review's lock against the state in the database, and deliveries are claimed with SKIP LOCKED.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addAction } from '@hindsight/review';
import { connectClient } from '../support/clients';
import { createCluster, multiInstanceReachable, type Cluster } from '../support/multi';
import { callApi, createReview, stopAllServers } from '../support/server';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const reachable = await multiInstanceReachable();

let clusters: Cluster[] = [];
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await stopAllServers();
  for (const cluster of clusters) await cluster.drop();
  clusters = [];
});

describe.skipIf(!reachable)('webhooks on several instances', () => {
  it('enqueue and send each event once while two instances diff and dispatch the same review', async () => {
    receiver = await startReceiver();
    const cluster = await createCluster();
    clusters.push(cluster);
    const env = {
      HINDSIGHT_WEBHOOK_ALLOW_LOCAL: 'true',
      HINDSIGHT_WEBHOOK_SETTLE_MS: '200',
      HINDSIGHT_WEBHOOK_SWEEP_SECONDS: '1',
    };
    const [a, b] = [await cluster.start(env), await cluster.start(env)];
    const review = await createReview(a!.url, 'Two instances');
    await callApi(a!, review, 'POST', '/webhooks', review.tokens.facilitator, {
      url: receiver.url,
      events: ['action.changed'],
    });
    // A client on each instance keeps the review loaded on both.
    const [onA, onB] = [
      connectClient(a!.wsUrl, review.id, review.tokens.edit),
      connectClient(b!.wsUrl, review.id, review.tokens.edit),
    ];
    await Promise.all([onA.synced, onB.synced]);
    const actionId = addAction(onA.doc, { title: 'Shard the queue' });
    await expect.poll(() => receiver!.received.length).toBe(1);

    // Owners set through one instance and then the other, each change awaited as one event.
    const owners = ['Ana', 'Kofi', 'Sam', 'Chen', 'Priya', 'Lee'];
    for (const [index, owner] of owners.entries()) {
      const server = index % 2 === 0 ? a! : b!;
      await callApi(server, review, 'PATCH', `/actions/${actionId}`, review.tokens.facilitator, { owner });
      await expect.poll(() => receiver!.received.at(-1)?.body.action).toMatchObject({ owner });
    }
    const bodies = receiver.received.map((d) => d.body);
    expect(bodies.map((body) => (body.action as { owner: string }).owner)).toEqual(['', ...owners]);
    expect(new Set(receiver.received.map((d) => d.delivery)).size).toBe(receiver.received.length);
    onA.destroy();
    onB.destroy();
  });
});
