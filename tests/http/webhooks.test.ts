/**
 * Webhooks against a real local receiver (node:http) and a real server process: a facilitator
 * registers a URL, and closing the review, changing an action (through the API and by a stock
 * client's raw document edit, coalesced) and an action falling overdue each POST one signed
 * event; a failed delivery is retried and the delivery log shows the attempts. Only the
 * facilitator may register or read; a private URL is refused unless HINDSIGHT_WEBHOOK_ALLOW_LOCAL.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addAction, updateAction } from '@hindsight/review';
import { connectClient } from '../support/clients';
import {
  callApi,
  createReview,
  startServer,
  stopAllServers,
  type CreatedReview,
  type TestServer,
} from '../support/server';
import {
  startReceiver,
  verifySignature,
  type ReceivedDelivery,
  type WebhookReceiver,
} from '../support/webhook-receiver';

afterAll(stopAllServers);

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const LOCAL_HOOKS = {
  HINDSIGHT_WEBHOOK_ALLOW_LOCAL: 'true',
  // Short settle and retry times: a test waits for conditions, and these bound how long.
  HINDSIGHT_WEBHOOK_SETTLE_MS: '800',
  HINDSIGHT_WEBHOOK_RETRY_BASE_MS: '300',
};

interface Delivery {
  id: string;
  event: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

function api(server: TestServer, review: CreatedReview) {
  return (method: string, route: string, token: string | null, body?: unknown) =>
    fetch(`${server.url}/api/reviews/${review.id}${route}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

async function deliveryLog(server: TestServer, review: CreatedReview, hookId: string): Promise<Delivery[]> {
  const log = await callApi(server, review, 'GET', `/webhooks/${hookId}/deliveries`, review.tokens.facilitator);
  return log.deliveries as Delivery[];
}

describe('webhooks', () => {
  it('POSTs signed events: an action created, one coalesced change, overdue once, and the close', async () => {
    receiver = await startReceiver();
    const server = await startServer({ env: LOCAL_HOOKS });
    const review = await createReview(server.url, 'Checkout outage', 'SEV2');
    const hook = await callApi(server, review, 'POST', '/webhooks', review.tokens.facilitator, { url: receiver.url });
    expect(hook).toMatchObject({ url: receiver.url, events: ['review.closed', 'action.changed', 'action.overdue'] });
    expect(hook.secret).toMatch(/^whsec_/);
    const secret = hook.secret as string;
    const received = receiver.received;
    const ofType = (type: string) => received.filter((d) => d.event === type);

    // A stock client adds an action: one event, once the edits settle.
    const board = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await board.synced;
    const actionId = addAction(board.doc, { title: 'Add a canary stage' });
    await expect.poll(() => ofType('action.changed').length).toBe(1);
    expect(ofType('action.changed')[0]!.body).toMatchObject({
      type: 'action.changed',
      review: { id: review.id, title: 'Checkout outage', severity: 'SEV2' },
      action: { id: actionId, title: 'Add a canary stage', status: 'open', owner: '', due: '', progress: '' },
      changed: ['created'],
    });

    // The API sets an owner while the client types a progress note keystroke by keystroke: one event.
    const request = api(server, review);
    expect(
      (await request('PATCH', `/actions/${actionId}`, review.tokens.facilitator, { owner: 'Platform' })).status,
    ).toBe(200);
    for (const note of ['C', 'Ca', 'Can', 'Canar', 'Canary at 5 %'])
      updateAction(board.doc, actionId, { progress: note });
    await expect.poll(() => ofType('action.changed').length).toBe(2);
    expect(ofType('action.changed')[1]!.body).toMatchObject({
      action: { id: actionId, owner: 'Platform', progress: 'Canary at 5 %' },
      changed: ['owner', 'progress'],
    });

    // A due date in the past: the change, and the action overdue, once.
    await request('PATCH', `/actions/${actionId}`, review.tokens.facilitator, { due: '2020-01-15' });
    await expect.poll(() => ofType('action.overdue').length).toBe(1);
    expect(ofType('action.overdue')[0]!.body).toMatchObject({
      type: 'action.overdue',
      action: { id: actionId, due: '2020-01-15', status: 'open' },
    });
    await request('PATCH', `/actions/${actionId}`, review.tokens.facilitator, { status: 'in-progress' });
    await expect.poll(() => ofType('action.changed').length).toBe(4);
    expect(ofType('action.changed')[3]!.body.changed).toEqual(['status']);

    // Closing: review.closed with when and the health gaps (no key times, an empty narrative...).
    await callApi(server, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Priya' });
    await expect.poll(() => ofType('review.closed').length).toBe(1);
    const closed = ofType('review.closed')[0]!.body;
    expect(closed.closedAt).toEqual(expect.any(String));
    expect(closed.gaps).toEqual(expect.arrayContaining(['Started is not set']));

    // Every delivery is signed with the secret, its id header matches its body, and nothing came twice.
    await expect
      .poll(async () => (await deliveryLog(server, review, hook.id as string)).every((d) => d.state === 'delivered'))
      .toBe(true);
    const log = await deliveryLog(server, review, hook.id as string);
    expect(log.map((d) => d.event).sort()).toEqual(received.map((d) => d.event).sort());
    expect(received.map((d) => d.event)).toHaveLength(6);
    for (const delivery of received) {
      expect(verifySignature(secret, delivery), `signature of ${delivery.event}`).toBe(true);
      expect(verifySignature('whsec_wrong', delivery)).toBe(false);
      expect(delivery.body.id).toBe(delivery.delivery);
      expect(delivery.body.type).toBe(delivery.event);
    }
    expect(new Set(received.map((d) => d.delivery)).size).toBe(received.length);
    expect(ofType('action.overdue')).toHaveLength(1);
    board.destroy();
  });

  it('retries a delivery the receiver failed, with the same delivery id, and logs both attempts', async () => {
    receiver = await startReceiver();
    receiver.answerNext(500);
    const server = await startServer({ env: LOCAL_HOOKS });
    const review = await createReview(server.url, 'Retry');
    const hook = await callApi(server, review, 'POST', '/webhooks', review.tokens.facilitator, {
      url: receiver.url,
      events: ['review.closed'],
    });
    await callApi(server, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Priya' });
    await expect.poll(() => receiver!.received.map((d) => d.answered)).toEqual([500, 200]);
    const [first, second] = receiver.received;
    expect(second!.delivery).toBe(first!.delivery);
    expect(second!.rawBody).toBe(first!.rawBody);
    expect(verifySignature(hook.secret as string, first!)).toBe(true);
    expect(verifySignature(hook.secret as string, second!)).toBe(true);
    await expect
      .poll(async () => (await deliveryLog(server, review, hook.id as string))[0])
      .toMatchObject({ event: 'review.closed', state: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    // The list shows the hook with its recent deliveries, never the secret.
    const listed = await callApi(server, review, 'GET', '/webhooks', review.tokens.facilitator);
    expect(listed.webhooks).toEqual([
      expect.objectContaining({
        id: hook.id,
        url: receiver.url,
        deliveries: [expect.objectContaining({ attempts: 2 })],
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(hook.secret as string);

    // Removed: nothing more is sent.
    await callApi(server, review, 'DELETE', `/webhooks/${hook.id as string}`, review.tokens.facilitator);
    expect((await callApi(server, review, 'GET', '/webhooks', review.tokens.facilitator)).webhooks).toEqual([]);
  });

  it('reports a change stored just before the server died, once it is back (the notified state is in the database)', async () => {
    receiver = await startReceiver();
    // A settle time the first process never reaches: it dies with the change undiffed.
    const first = await startServer({ env: { ...LOCAL_HOOKS, HINDSIGHT_WEBHOOK_SETTLE_MS: '600000' } });
    const review = await createReview(first.url, 'Restart');
    await callApi(first, review, 'POST', '/webhooks', review.tokens.facilitator, { url: receiver.url });
    const board = connectClient(first.wsUrl, review.id, review.tokens.edit);
    await board.synced;
    const actionId = addAction(board.doc, { title: 'Page the on-call lead' });
    const listed = () => callApi(first, review, 'GET', '/actions', review.tokens.facilitator);
    await expect.poll(async () => ((await listed()).actions as unknown[]).length).toBe(1);
    // Unloaded once its last client left: flushed, so the change is durable (the document shows a
    // change before its row commits), and only then the process dies.
    const unloads = () => first.logs.filter((entry) => entry.msg === 'room.unloaded' && entry.reviewId === review.id);
    const unloadedBefore = unloads().length;
    board.destroy();
    await expect.poll(() => unloads().length).toBeGreaterThan(unloadedBefore);
    await first.kill9();
    expect(receiver.received).toEqual([]);

    // Restarted on the same data: its first sweep diffs the review and reports the change once.
    const second = await startServer({ dataDir: first.dataDir, env: LOCAL_HOOKS });
    await expect.poll(() => receiver!.received.map((d) => d.event)).toEqual(['action.changed']);
    expect(receiver.received[0]!.body).toMatchObject({ action: { id: actionId }, changed: ['created'] });
    // A later change is diffed against that state: nothing reported twice.
    await callApi(second, review, 'PATCH', `/actions/${actionId}`, review.tokens.facilitator, { owner: 'Kofi' });
    await expect.poll(() => receiver!.received.length).toBe(2);
    expect(receiver.received[1]!.body.changed).toEqual(['owner']);
  });

  it('sends a team space’s webhook the events of every review in it, and lets only the space admin manage it', async () => {
    receiver = await startReceiver();
    const server = await startServer({ env: LOCAL_HOOKS });
    const post = (path: string, token: string | null, body: unknown) =>
      fetch(`${server.url}/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const space = (await (await post('/spaces', null, { name: 'Payments' })).json()) as {
      id: string;
      tokens: { admin: string; member: string };
    };
    const [first, second] = [
      (await (
        await post(`/spaces/${space.id}/reviews`, space.tokens.admin, { title: 'First' })
      ).json()) as CreatedReview,
      (await (
        await post(`/spaces/${space.id}/reviews`, space.tokens.admin, { title: 'Second' })
      ).json()) as CreatedReview,
    ];
    // A review outside the space, with a webhook of its own to the same receiver: its close is sent
    // once, signed with its own secret, not the space's.
    const outside = await createReview(server.url, 'Outside the space');
    const outsideHook = await callApi(server, outside, 'POST', '/webhooks', outside.tokens.facilitator, {
      url: receiver.url,
    });
    const hookUrl = `/spaces/${space.id}/webhooks`;
    // Only the space's admin: not a member, another space's admin nor a review's facilitator.
    const other = (await (await post('/spaces', null, { name: 'Other' })).json()) as { tokens: { admin: string } };
    const refusals: Array<[string, number]> = [
      [space.tokens.member, 403],
      [other.tokens.admin, 403],
      [first.tokens.facilitator, 401], // a review's token opens no space
    ];
    for (const [token, status] of refusals) {
      expect((await post(hookUrl, token, { url: receiver.url })).status).toBe(status);
    }
    const created = await post(hookUrl, space.tokens.admin, { url: receiver.url, events: ['review.closed'] });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as { id: string; secret: string };

    for (const review of [first, second, outside]) {
      await callApi(server, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Priya' });
    }
    const titleOf = (d: ReceivedDelivery) => (d.body.review as { title: string }).title;
    await expect.poll(() => receiver!.received.map(titleOf).sort()).toEqual(['First', 'Outside the space', 'Second']);
    for (const delivery of receiver.received) {
      const own = titleOf(delivery) === 'Outside the space';
      expect(verifySignature(hook.secret, delivery)).toBe(!own);
      expect(verifySignature(outsideHook.secret as string, delivery)).toBe(own);
    }
    await expect
      .poll(async () => {
        const res = await fetch(`${server.url}/api${hookUrl}/${hook.id}/deliveries`, {
          headers: { authorization: `Bearer ${space.tokens.admin}` },
        });
        return ((await res.json()) as { deliveries: Delivery[] }).deliveries.map((d) => d.state);
      })
      .toEqual(['delivered', 'delivered']);
  });

  it('lets only the facilitator register, list, read the log or remove, and validates the body', async () => {
    const server = await startServer({ env: LOCAL_HOOKS });
    const review = await createReview(server.url, 'Access');
    const other = await createReview(server.url, 'Another review');
    const followUp = (await callApi(server, review, 'POST', '/links', review.tokens.facilitator, { kind: 'follow-up' }))
      .token as string;
    const request = api(server, review);
    const hook = await callApi(server, review, 'POST', '/webhooks', review.tokens.facilitator, {
      url: 'http://127.0.0.1:9/in',
    });
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/webhooks', { url: 'http://127.0.0.1:9/other' }],
      ['GET', '/webhooks'],
      ['GET', `/webhooks/${hook.id as string}/deliveries`],
      ['DELETE', `/webhooks/${hook.id as string}`],
    ];
    for (const [method, route, body] of routes) {
      for (const token of [review.tokens.edit, review.tokens.view, followUp, other.tokens.facilitator]) {
        expect((await request(method, route, token, body)).status, `${method} ${route}`).toBe(403);
      }
      expect((await request(method, route, null, body)).status).toBe(401);
    }
    expect((await callApi(server, review, 'GET', '/webhooks', review.tokens.facilitator)).webhooks).toHaveLength(1);
    // Another review's facilitator cannot reach this hook through its own review either.
    const foreign = await fetch(`${server.url}/api/reviews/${other.id}/webhooks/${hook.id as string}/deliveries`, {
      headers: { authorization: `Bearer ${other.tokens.facilitator}` },
    });
    expect(foreign.status).toBe(404);

    const invalid = await request('POST', '/webhooks', review.tokens.facilitator, {
      url: 'http://x/',
      events: ['nope'],
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('invalid_body');
    for (let i = 1; i < 10; i++) {
      await callApi(server, review, 'POST', '/webhooks', review.tokens.facilitator, { url: `http://127.0.0.1:9/${i}` });
    }
    const eleventh = await request('POST', '/webhooks', review.tokens.facilitator, { url: 'http://127.0.0.1:9/11' });
    expect(eleventh.status).toBe(409);
    expect(((await eleventh.json()) as { error: { code: string } }).error.code).toBe('too_many_webhooks');
  });

  it('refuses http and private, loopback and metadata addresses unless HINDSIGHT_WEBHOOK_ALLOW_LOCAL', async () => {
    const server = await startServer();
    const review = await createReview(server.url, 'Policy');
    const request = api(server, review);
    const refused = {
      'http://hooks.example.com/in': 'webhook_url_invalid',
      'https://127.0.0.1:8443/in': 'webhook_address_refused',
      'https://10.0.0.7/in': 'webhook_address_refused',
      'https://169.254.169.254/latest/meta-data': 'webhook_address_refused',
      'https://[fd00:ec2::254]/': 'webhook_address_refused',
      // A name is resolved: localhost is loopback.
      'https://localhost:8443/in': 'webhook_address_refused',
    };
    for (const [url, code] of Object.entries(refused)) {
      const res = await request('POST', '/webhooks', review.tokens.facilitator, { url });
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, url).toBe(code);
    }
    expect((await callApi(server, review, 'GET', '/webhooks', review.tokens.facilitator)).webhooks).toEqual([]);
  });
});
