import type postgres from 'postgres';
import type { DeliveryRecord, DeliveryState, WebhookRecord, WebhookStore } from '../webhooks';
import { claimedDelivery, FINISHED_DELIVERIES_KEPT, type ClaimedDeliveryRow } from '../webhooks';

type HookRow = {
  id: string;
  scope: string;
  scope_id: string;
  url: string;
  events: string[];
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
  next_attempt_at: Date | null;
  delivered_at: Date | null;
};

/** First key of the advisory locks that serialise a scope's registrations against the cap (the second: its hash). */
export const WEBHOOK_LOCK_SPACE = 0x68737768;

/**
 * Webhooks, notified states and the delivery outbox in PostgreSQL. Instances claim due deliveries
 * with `FOR UPDATE SKIP LOCKED`, so two never take the same row, nor wait for each other's.
 */
export function postgresWebhooks(sql: postgres.Sql): WebhookStore {
  return {
    async createWebhook(hook, maxPerScope) {
      return sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(${WEBHOOK_LOCK_SPACE}, hashtext(${`${hook.scope}:${hook.scopeId}`}))`;
        const [row] = await tx<[{ n: number }]>`
          SELECT COUNT(*)::int AS n FROM webhooks WHERE scope = ${hook.scope} AND scope_id = ${hook.scopeId}`;
        if (row.n >= maxPerScope) return false;
        await tx`
          INSERT INTO webhooks (id, scope, scope_id, url, events, secret, created_at)
          VALUES (${hook.id}, ${hook.scope}, ${hook.scopeId}, ${hook.url}, ${tx.json(hook.events)}, ${hook.secret},
                  ${hook.createdAt})`;
        return true;
      });
    },
    async listWebhooks(scope, scopeId) {
      const rows = await sql<HookRow[]>`
        SELECT * FROM webhooks WHERE scope = ${scope} AND scope_id = ${scopeId} ORDER BY created_at, position`;
      return rows.map(webhookRecord);
    },
    async deleteWebhook(scope, scopeId, hookId) {
      const rows = await sql`DELETE FROM webhooks WHERE scope = ${scope} AND scope_id = ${scopeId} AND id = ${hookId}
        RETURNING id`;
      return rows.length > 0;
    },
    async reviewsWithWebhooks() {
      const rows = await sql<Array<{ review_id: string }>>`
        SELECT scope_id AS review_id FROM webhooks WHERE scope = 'review'
        UNION SELECT r.id FROM reviews r JOIN webhooks w ON w.scope = 'space' AND w.scope_id = r.space_id
        ORDER BY review_id`;
      return rows.map((row) => row.review_id);
    },
    async readNotifiedState(reviewId) {
      const [row] = await sql<Array<{ state: string }>>`
        SELECT state FROM webhook_states WHERE review_id = ${reviewId}`;
      return row?.state ?? null;
    },
    async recordNotified(reviewId, state, deliveries) {
      await sql.begin(async (tx) => {
        await tx`
          INSERT INTO webhook_states (review_id, state, updated_at) VALUES (${reviewId}, ${state}, now())
          ON CONFLICT (review_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`;
        for (const d of deliveries) {
          await tx`
            INSERT INTO webhook_deliveries (id, hook_id, review_id, event, body, created_at, state, attempts, next_attempt_at)
            VALUES (${d.id}, ${d.hookId}, ${d.reviewId}, ${d.event}, ${d.body}, ${d.createdAt}, 'pending', 0, now())`;
        }
      });
    },
    async forgetNotifiedState(reviewId) {
      await sql`DELETE FROM webhook_states WHERE review_id = ${reviewId}`;
    },
    async claimDeliveries(instanceId, limit, leaseMs) {
      const rows = await sql<ClaimedDeliveryRow[]>`
        WITH due AS (
          SELECT id FROM webhook_deliveries
          WHERE state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
          ORDER BY next_attempt_at, position LIMIT ${limit}
          FOR UPDATE SKIP LOCKED),
        claimed AS (
          UPDATE webhook_deliveries d SET claimed_by = ${instanceId},
            lease_until = now() + ${leaseMs} * interval '1 millisecond', attempts = d.attempts + 1
          FROM due WHERE d.id = due.id
          RETURNING d.id, d.hook_id, d.review_id, d.event, d.body, d.attempts)
        SELECT c.*, h.url, h.secret FROM claimed c JOIN webhooks h ON h.id = c.hook_id`;
      return rows.map(claimedDelivery);
    },
    async finishAttempt(deliveryId, instanceId, outcome) {
      const state: DeliveryState = outcome.delivered ? 'delivered' : outcome.retryInMs === null ? 'failed' : 'pending';
      const retryInMs = !outcome.delivered ? outcome.retryInMs : null;
      return sql.begin(async (tx) => {
        const rows = await tx<Array<{ hook_id: string }>>`
          UPDATE webhook_deliveries SET state = ${state}, last_status = ${outcome.status},
            last_error = ${outcome.delivered ? null : outcome.error},
            next_attempt_at = CASE WHEN ${retryInMs}::bigint IS NULL THEN NULL
                                   ELSE now() + ${retryInMs}::bigint * interval '1 millisecond' END,
            delivered_at = CASE WHEN ${outcome.delivered} THEN now() ELSE NULL END,
            claimed_by = NULL, lease_until = NULL
          WHERE id = ${deliveryId} AND claimed_by = ${instanceId}
          RETURNING hook_id`;
        const hookId = rows[0]?.hook_id;
        if (hookId && state !== 'pending') {
          await tx`
            DELETE FROM webhook_deliveries WHERE hook_id = ${hookId} AND state <> 'pending' AND position < (
              SELECT MIN(position) FROM (
                SELECT position FROM webhook_deliveries WHERE hook_id = ${hookId} AND state <> 'pending'
                ORDER BY position DESC LIMIT ${FINISHED_DELIVERIES_KEPT}) kept)`;
        }
        return rows.length > 0;
      });
    },
    async listDeliveries(hookId, limit) {
      const rows = await sql<DeliveryRow[]>`
        SELECT id, hook_id, review_id, event, created_at, state, attempts, last_status, last_error, next_attempt_at,
               delivered_at
        FROM webhook_deliveries WHERE hook_id = ${hookId} ORDER BY position DESC LIMIT ${limit}`;
      return rows.map(deliveryRecord);
    },
  };
}

function webhookRecord(row: HookRow): WebhookRecord {
  return {
    id: row.id,
    scope: row.scope as WebhookRecord['scope'],
    scopeId: row.scope_id,
    url: row.url,
    events: row.events,
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
    nextAttemptAt: row.state === 'pending' ? (row.next_attempt_at?.toISOString() ?? null) : null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
  };
}
