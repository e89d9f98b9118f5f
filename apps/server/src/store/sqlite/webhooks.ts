import type Database from 'better-sqlite3';
import type { DeliveryRecord, DeliveryState, WebhookRecord, WebhookStore } from '../webhooks';
import { claimedDelivery, FINISHED_DELIVERIES_KEPT, type ClaimedDeliveryRow } from '../webhooks';

type HookRow = {
  id: string;
  scope: string;
  scope_id: string;
  url: string;
  events: string;
  secret: string;
  created_at: string;
};

type DeliveryRow = {
  id: string;
  hook_id: string;
  review_id: string;
  event: string;
  created_at: string;
  state: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
};

/** Webhooks, notified states and the delivery outbox in SQLite (one instance: the lease guards a restart). */
export function sqliteWebhooks(db: Database.Database): WebhookStore {
  const count = db.prepare<[string, string], { n: number }>(
    'SELECT COUNT(*) AS n FROM webhooks WHERE scope = ? AND scope_id = ?',
  );
  const insertHook = db.prepare(
    'INSERT INTO webhooks (id, scope, scope_id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const listHooks = db.prepare<[string, string], HookRow>(
    'SELECT * FROM webhooks WHERE scope = ? AND scope_id = ? ORDER BY created_at, rowid',
  );
  const deleteHook = db.prepare('DELETE FROM webhooks WHERE scope = ? AND scope_id = ? AND id = ?');
  const hookedReviews = db.prepare<[], { review_id: string }>(
    `SELECT scope_id AS review_id FROM webhooks WHERE scope = 'review'
     UNION SELECT r.id FROM reviews r JOIN webhooks w ON w.scope = 'space' AND w.scope_id = r.space_id
     ORDER BY review_id`,
  );
  const readState = db.prepare<[string], { state: string }>('SELECT state FROM webhook_states WHERE review_id = ?');
  const writeState = db.prepare(
    `INSERT INTO webhook_states (review_id, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (review_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const forgetState = db.prepare('DELETE FROM webhook_states WHERE review_id = ?');
  const insertDelivery = db.prepare(
    `INSERT INTO webhook_deliveries (id, hook_id, review_id, event, body, created_at, state, attempts, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?)`,
  );
  const due = db.prepare<[string, string, number], { id: string }>(
    `SELECT id FROM webhook_deliveries
     WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
     ORDER BY next_attempt_at, rowid LIMIT ?`,
  );
  const claim = db.prepare(
    'UPDATE webhook_deliveries SET claimed_by = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?',
  );
  const claimed = db.prepare<[string], ClaimedDeliveryRow>(
    `SELECT d.id, d.hook_id, d.review_id, d.event, d.body, d.attempts, h.url, h.secret
     FROM webhook_deliveries d JOIN webhooks h ON h.id = d.hook_id WHERE d.id = ?`,
  );
  const finish = db.prepare(
    `UPDATE webhook_deliveries SET state = ?, last_status = ?, last_error = ?, next_attempt_at = ?, delivered_at = ?,
       claimed_by = NULL, lease_until = NULL
     WHERE id = ? AND claimed_by = ?`,
  );
  const hookOf = db.prepare<[string], { hook_id: string }>('SELECT hook_id FROM webhook_deliveries WHERE id = ?');
  const prune = db.prepare(
    `DELETE FROM webhook_deliveries WHERE hook_id = ? AND state != 'pending' AND rowid NOT IN (
       SELECT rowid FROM webhook_deliveries WHERE hook_id = ? AND state != 'pending' ORDER BY rowid DESC LIMIT ?)`,
  );
  const listDeliveries = db.prepare<[string, number], DeliveryRow>(
    'SELECT * FROM webhook_deliveries WHERE hook_id = ? ORDER BY rowid DESC LIMIT ?',
  );

  const create = db.transaction((hook: WebhookRecord, maxPerScope: number) => {
    if ((count.get(hook.scope, hook.scopeId)?.n ?? 0) >= maxPerScope) return false;
    insertHook.run(
      hook.id,
      hook.scope,
      hook.scopeId,
      hook.url,
      JSON.stringify(hook.events),
      hook.secret,
      hook.createdAt,
    );
    return true;
  });
  const record = db.transaction(
    (reviewId: string, state: string, deliveries: Parameters<WebhookStore['recordNotified']>[2]) => {
      const now = new Date().toISOString();
      writeState.run(reviewId, state, now);
      for (const d of deliveries) insertDelivery.run(d.id, d.hookId, d.reviewId, d.event, d.body, d.createdAt, now);
    },
  );
  const claimDue = db.transaction((instanceId: string, limit: number, leaseMs: number) => {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const until = new Date(now + leaseMs).toISOString();
    return due.all(at, at, limit).map(({ id }) => {
      claim.run(instanceId, until, id);
      return claimedDelivery(claimed.get(id)!);
    });
  });
  const finishOne = db.transaction(
    (deliveryId: string, instanceId: string, outcome: Parameters<WebhookStore['finishAttempt']>[2]) => {
      const now = Date.now();
      const state: DeliveryState = outcome.delivered ? 'delivered' : outcome.retryInMs === null ? 'failed' : 'pending';
      const next =
        !outcome.delivered && outcome.retryInMs !== null ? new Date(now + outcome.retryInMs).toISOString() : null;
      const changed = finish.run(
        state,
        outcome.status,
        outcome.delivered ? null : outcome.error,
        next,
        outcome.delivered ? new Date(now).toISOString() : null,
        deliveryId,
        instanceId,
      ).changes;
      const hook = hookOf.get(deliveryId);
      if (changed > 0 && state !== 'pending' && hook) prune.run(hook.hook_id, hook.hook_id, FINISHED_DELIVERIES_KEPT);
      return changed > 0;
    },
  );

  return {
    async createWebhook(hook, maxPerScope) {
      return create.immediate(hook, maxPerScope);
    },
    async listWebhooks(scope, scopeId) {
      return listHooks.all(scope, scopeId).map(webhookRecord);
    },
    async deleteWebhook(scope, scopeId, hookId) {
      return deleteHook.run(scope, scopeId, hookId).changes > 0;
    },
    async reviewsWithWebhooks() {
      return hookedReviews.all().map((row) => row.review_id);
    },
    async readNotifiedState(reviewId) {
      return readState.get(reviewId)?.state ?? null;
    },
    async recordNotified(reviewId, state, deliveries) {
      record.immediate(reviewId, state, deliveries);
    },
    async forgetNotifiedState(reviewId) {
      forgetState.run(reviewId);
    },
    async claimDeliveries(instanceId, limit, leaseMs) {
      return claimDue.immediate(instanceId, limit, leaseMs);
    },
    async finishAttempt(deliveryId, instanceId, outcome) {
      return finishOne.immediate(deliveryId, instanceId, outcome);
    },
    async listDeliveries(hookId, limit) {
      return listDeliveries.all(hookId, limit).map(deliveryRecord);
    },
  };
}

function webhookRecord(row: HookRow): WebhookRecord {
  return {
    id: row.id,
    scope: row.scope as WebhookRecord['scope'],
    scopeId: row.scope_id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    secret: row.secret,
    createdAt: row.created_at,
  };
}

function deliveryRecord(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    hookId: row.hook_id,
    reviewId: row.review_id,
    event: row.event,
    createdAt: row.created_at,
    state: row.state as DeliveryState,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
  };
}
