/**
 * The contract of the WebhookStore part of every Store (SQLite and PostgreSQL): registration under
 * a cap, the notified state with its deliveries in one write, and the outbox claimed with a lease
 * by one instance at a time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { NewDelivery, Store, WebhookRecord } from '../store';
import type { StoreFactory } from './store.contract';

const hook = (id: string, more: Partial<WebhookRecord> = {}): WebhookRecord => ({
  id,
  scope: 'review',
  scopeId: 'review-a',
  url: `https://hooks.example.com/${id}`,
  events: ['review.closed', 'action.changed'],
  secret: `whsec_${id}`,
  createdAt: new Date().toISOString(),
  ...more,
});

const delivery = (id: string, hookId = 'hook-1'): NewDelivery => ({
  id,
  hookId,
  reviewId: 'review-a',
  event: 'action.changed',
  body: JSON.stringify({ id, type: 'action.changed' }),
  createdAt: new Date().toISOString(),
});

/** `skip`: the backend cannot be reached here (the caller has said why). */
export function describeWebhookStoreContract(name: string, factory: StoreFactory, options: { skip?: boolean } = {}) {
  describe.skipIf(options.skip ?? false)(`WebhookStore contract: ${name}`, () => {
    let store: Store;
    let second: Store | undefined;
    beforeEach(async () => {
      store = await factory.open();
      const empty = Y.encodeStateAsUpdate(new Y.Doc());
      for (const id of ['review-a', 'review-b']) {
        await store.createReview({ id, severity: 'SEV2', createdAt: new Date().toISOString() }, [], empty);
      }
    });
    afterEach(async () => {
      await second?.close();
      second = undefined;
      await store.close();
      await factory.cleanup();
    });

    it('registers webhooks per scope up to the cap, lists them oldest first and deletes them', async () => {
      const empty = Y.encodeStateAsUpdate(new Y.Doc());
      expect(await store.createWebhook(hook('hook-1'), 2)).toBe(true);
      expect(await store.createWebhook(hook('hook-2', { events: ['action.overdue'] }), 2)).toBe(true);
      expect(await store.createWebhook(hook('hook-3'), 2)).toBe(false);
      expect(await store.createWebhook(hook('hook-b', { scopeId: 'review-b' }), 2)).toBe(true);
      expect(await store.createWebhook(hook('hook-s', { scope: 'space', scopeId: 'review-a' }), 2)).toBe(true);
      const listed = await store.listWebhooks('review', 'review-a');
      expect(listed.map((h) => h.id)).toEqual(['hook-1', 'hook-2']);
      expect(listed[1]).toEqual(hook('hook-2', { events: ['action.overdue'], createdAt: listed[1]!.createdAt }));
      expect(await store.reviewsWithWebhooks()).toEqual(['review-a', 'review-b']);
      // A space's webhook covers every review in the space.
      await store.createReview({ id: 'review-c', severity: 'SEV4', createdAt: new Date().toISOString() }, [], empty);
      await store.createSpace({ id: 'space-1', name: 'Payments', createdAt: new Date().toISOString() }, []);
      await store.setReviewSpace('review-c', 'space-1');
      await store.createWebhook(hook('hook-space', { scope: 'space', scopeId: 'space-1' }), 2);
      expect(await store.reviewsWithWebhooks()).toEqual(['review-a', 'review-b', 'review-c']);
      expect(await store.deleteWebhook('review', 'review-b', 'hook-1')).toBe(false);
      expect(await store.deleteWebhook('review', 'review-a', 'hook-1')).toBe(true);
      expect((await store.listWebhooks('review', 'review-a')).map((h) => h.id)).toEqual(['hook-2']);
    });

    it('replaces the notified state and enqueues its deliveries together', async () => {
      await store.createWebhook(hook('hook-1'), 10);
      expect(await store.readNotifiedState('review-a')).toBeNull();
      await store.recordNotified('review-a', JSON.stringify({ status: 'live', n: 1 }), []);
      await store.recordNotified('review-a', JSON.stringify({ status: 'closed', n: 2 }), [
        delivery('d1'),
        delivery('d2'),
      ]);
      expect(JSON.parse((await store.readNotifiedState('review-a'))!)).toEqual({ status: 'closed', n: 2 });
      const log = await store.listDeliveries('hook-1', 50);
      expect(log.map((d) => [d.id, d.state, d.attempts])).toEqual([
        ['d2', 'pending', 0],
        ['d1', 'pending', 0],
      ]);
      expect(log[0]!.nextAttemptAt).not.toBeNull();
      await store.forgetNotifiedState('review-a');
      expect(await store.readNotifiedState('review-a')).toBeNull();
    });

    it('claims a due delivery for one instance at a time, retries it after the delay, and records the delivery', async () => {
      await store.createWebhook(hook('hook-1'), 10);
      await store.recordNotified('review-a', '{}', [delivery('d1')]);
      second = await factory.openSecond();
      const [claimed] = await store.claimDeliveries('instance-1', 10, 60_000);
      expect(claimed).toMatchObject({ id: 'd1', url: 'https://hooks.example.com/hook-1', secret: 'whsec_hook-1' });
      expect(claimed!.attempts).toBe(0);
      expect(await second.claimDeliveries('instance-2', 10, 60_000)).toEqual([]);
      expect(await second.finishAttempt('d1', 'instance-2', { delivered: true, status: 200 })).toBe(false);

      const failed = { delivered: false as const, status: 500, error: 'HTTP 500' };
      expect(await store.finishAttempt('d1', 'instance-1', { ...failed, retryInMs: 60_000 })).toBe(true);
      expect(await second.claimDeliveries('instance-2', 10, 60_000)).toEqual([]); // not due yet
      let [entry] = await store.listDeliveries('hook-1', 50);
      expect(entry).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
      expect(Date.parse(entry!.nextAttemptAt!)).toBeGreaterThan(Date.now() + 30_000);

      // A delivery made due at once is claimed again, with the earlier attempt counted.
      await store.recordNotified('review-a', '{}', [delivery('d2')]);
      const [next] = await second.claimDeliveries('instance-2', 10, 60_000);
      expect(next!.id).toBe('d2');
      expect(await second.finishAttempt('d2', 'instance-2', { ...failed, retryInMs: 0 })).toBe(true);
      const [again] = await store.claimDeliveries('instance-1', 10, 60_000);
      expect(again).toMatchObject({ id: 'd2', attempts: 1 });
      expect(await store.finishAttempt('d2', 'instance-1', { delivered: true, status: 204 })).toBe(true);
      [entry] = await store.listDeliveries('hook-1', 1);
      expect(entry).toMatchObject({ id: 'd2', state: 'delivered', attempts: 2, lastStatus: 204, nextAttemptAt: null });
      expect(entry!.lastError).toBeNull();
      expect(Date.parse(entry!.deliveredAt!)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('gives a delivery up as failed when no retry is left', async () => {
      await store.createWebhook(hook('hook-1'), 10);
      await store.recordNotified('review-a', '{}', [delivery('d1')]);
      await store.claimDeliveries('instance-1', 10, 60_000);
      const outcome = { delivered: false as const, status: null, error: 'timed out', retryInMs: null };
      expect(await store.finishAttempt('d1', 'instance-1', outcome)).toBe(true);
      const [entry] = await store.listDeliveries('hook-1', 50);
      expect(entry).toMatchObject({ state: 'failed', attempts: 1, lastStatus: null, lastError: 'timed out' });
      expect(entry!.nextAttemptAt).toBeNull();
      expect(await store.claimDeliveries('instance-1', 10, 60_000)).toEqual([]);
    });

    it('lets another instance take a delivery over once its claimant’s lease has lapsed', async () => {
      await store.createWebhook(hook('hook-1'), 10);
      await store.recordNotified('review-a', '{}', [delivery('d1')]);
      second = await factory.openSecond();
      expect(await store.claimDeliveries('dead-instance', 10, 50)).toHaveLength(1);
      await expect
        .poll(async () => (await second!.claimDeliveries('instance-2', 10, 60_000)).map((d) => d.id))
        .toEqual(['d1']);
      // The dead instance's late outcome no longer counts.
      expect(await store.finishAttempt('d1', 'dead-instance', { delivered: true, status: 200 })).toBe(false);
      expect((await store.listDeliveries('hook-1', 1))[0]).toMatchObject({ state: 'pending', attempts: 2 });
    });

    it('never hands one delivery to two racing claims', async () => {
      await store.createWebhook(hook('hook-1'), 10);
      const ids = Array.from({ length: 20 }, (_, i) => `d${String(i).padStart(2, '0')}`);
      await store.recordNotified(
        'review-a',
        '{}',
        ids.map((id) => delivery(id)),
      );
      second = await factory.openSecond();
      const claims = await Promise.all([
        store.claimDeliveries('instance-1', 8, 60_000),
        second.claimDeliveries('instance-2', 8, 60_000),
        store.claimDeliveries('instance-3', 8, 60_000),
      ]);
      const claimed = claims.flat().map((d) => d.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBe(20);
    });

    it('deletes a webhook’s deliveries with it', async () => {
      await store.createWebhook(hook('hook-1'), 10);
      await store.recordNotified('review-a', '{}', [delivery('d1')]);
      await store.deleteWebhook('review', 'review-a', 'hook-1');
      expect(await store.listDeliveries('hook-1', 50)).toEqual([]);
      expect(await store.claimDeliveries('instance-1', 10, 60_000)).toEqual([]);
    });
  });
}
