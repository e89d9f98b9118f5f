import { Hono } from 'hono';
import {
  CreateWebhookBody,
  WEBHOOK_DELIVERY_LOG_LENGTH,
  WEBHOOK_RECENT_DELIVERIES,
  type CreateWebhookResponse,
  type WebhookDeliveriesResponse,
  type WebhookDelivery,
  type WebhookInfo,
  type WebhooksResponse,
} from '@hindsight/protocol';
import type { Logger } from '../log';
import type { DeliveryRecord, Store, WebhookRecord, WebhookScope } from '../store';
import type { Webhooks } from '../webhooks';
import { requireRole } from './access';
import { requireSpaceRole } from './space-access';
import { limitBody, parseBody } from './json';

export interface WebhookRoutesOptions {
  store: Store;
  webhooks: Webhooks;
  log: Logger;
  maxBodyBytes: number;
}

/**
 * `/api/reviews/:id/webhooks` (facilitator only): register a URL that is POSTed signed events of
 * the review (its secret shown once), list them with their recent deliveries, read one's delivery
 * log, remove one. Closed reviews too: the fixes go on after closing.
 */
export function webhookRoutes(options: WebhookRoutesOptions) {
  return scopedWebhookRoutes('review', options, async (reviewId, authorization) => {
    await requireRole(options.store, reviewId, authorization, 'facilitator');
  });
}

/** `/api/spaces/:id/webhooks` (space admin only): the same for the events of every review in the space. */
export function spaceWebhookRoutes(options: WebhookRoutesOptions) {
  return scopedWebhookRoutes('space', options, async (spaceId, authorization) => {
    await requireSpaceRole(options.store, spaceId, authorization, 'admin');
  });
}

/** The four webhook routes of one scope, each behind `authorize` (which throws the 400/401/403). */
function scopedWebhookRoutes(
  scope: WebhookScope,
  { store, webhooks, log, maxBodyBytes }: WebhookRoutesOptions,
  authorize: (scopeId: string, authorization: string | undefined) => Promise<void>,
) {
  const app = new Hono();

  app.post('/:id/webhooks', limitBody(maxBodyBytes), async (c) => {
    const scopeId = c.req.param('id');
    await authorize(scopeId, c.req.header('authorization'));
    const input = await parseBody(c.req.raw, CreateWebhookBody);
    const hook = await webhooks.register(scope, scopeId, input);
    // The URL may carry a receiver's own token in its path or query: only its origin is logged.
    log.info('webhooks.registered', { scope, scopeId, hookId: hook.id, origin: new URL(hook.url).origin });
    const body: CreateWebhookResponse = { ...info(hook), secret: hook.secret };
    return c.json(body, 201);
  });

  app.get('/:id/webhooks', async (c) => {
    const scopeId = c.req.param('id');
    await authorize(scopeId, c.req.header('authorization'));
    const hooks = await store.listWebhooks(scope, scopeId);
    const listed = await Promise.all(
      hooks.map(async (hook) => ({
        ...info(hook),
        deliveries: (await store.listDeliveries(hook.id, WEBHOOK_RECENT_DELIVERIES)).map(delivery),
      })),
    );
    const body: WebhooksResponse = { webhooks: listed };
    return c.json(body);
  });

  app.get('/:id/webhooks/:hookId/deliveries', async (c) => {
    const { id: scopeId, hookId } = c.req.param();
    await authorize(scopeId, c.req.header('authorization'));
    await webhooks.find(scope, scopeId, hookId);
    const deliveries = await store.listDeliveries(hookId, WEBHOOK_DELIVERY_LOG_LENGTH);
    const body: WebhookDeliveriesResponse = { deliveries: deliveries.map(delivery) };
    return c.json(body);
  });

  app.delete('/:id/webhooks/:hookId', async (c) => {
    const { id: scopeId, hookId } = c.req.param();
    await authorize(scopeId, c.req.header('authorization'));
    await webhooks.remove(scope, scopeId, hookId);
    log.info('webhooks.removed', { scope, scopeId, hookId });
    return c.body(null, 204);
  });

  return app;
}

/** A webhook as listed: never its secret. */
function info(hook: WebhookRecord): WebhookInfo {
  return { id: hook.id, url: hook.url, events: hook.events as WebhookInfo['events'], createdAt: hook.createdAt };
}

function delivery(record: DeliveryRecord): WebhookDelivery {
  const { id, event, createdAt, state, attempts, lastStatus, lastError, nextAttemptAt, deliveredAt } = record;
  return {
    id,
    event: event as WebhookDelivery['event'],
    createdAt,
    state,
    attempts,
    lastStatus,
    lastError,
    nextAttemptAt,
    deliveredAt,
  };
}
