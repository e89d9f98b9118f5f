/**
 * Webhooks: who is told of a review's events (`scope` review, or space once team spaces exist),
 * what each was last told (the notified state, per review), and the outbox of deliveries with
 * their attempts. Deliveries are claimed with a lease, so on several instances each is sent by
 * one at a time, and one whose sender died is sent again by another after the lease.
 */

/** Whose events a webhook receives: one review's, or every review's of a team space. */
export type WebhookScope = 'review' | 'space';

/** A registered webhook. The secret signs its deliveries, so it is stored as is (docs/SECURITY.md). */
export interface WebhookRecord {
  id: string;
  scope: WebhookScope;
  scopeId: string;
  url: string;
  /** Event types it subscribed to. */
  events: string[];
  secret: string;
  createdAt: string;
}

/** One event to send to one webhook: its body is fixed at enqueue, so every retry sends the same bytes. */
export interface NewDelivery {
  id: string;
  hookId: string;
  reviewId: string;
  event: string;
  body: string;
  createdAt: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** A delivery as the delivery log shows it. */
export interface DeliveryRecord {
  id: string;
  hookId: string;
  reviewId: string;
  event: string;
  createdAt: string;
  state: DeliveryState;
  attempts: number;
  /** The receiver's HTTP status on the last attempt; null if it gave none (timeout, refused). */
  lastStatus: number | null;
  lastError: string | null;
  /** When it is tried next (pending only). */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

/** A delivery claimed for sending, with what sending needs. */
export interface ClaimedDelivery {
  id: string;
  hookId: string;
  reviewId: string;
  event: string;
  body: string;
  url: string;
  secret: string;
  /** Attempts made before this one. */
  attempts: number;
}

/** How an attempt went: delivered (2xx), or failed and retried after `retryInMs` (null: give up). */
export type AttemptOutcome =
  | { delivered: true; status: number }
  | { delivered: false; status: number | null; error: string; retryInMs: number | null };

export interface WebhookStore {
  /**
   * Registers a webhook if its scope has fewer than `maxPerScope` (counted in the same transaction
   * as the insert, so racing registrations cannot pass the cap); false when the cap refused it.
   */
  createWebhook(hook: WebhookRecord, maxPerScope: number): Promise<boolean>;
  /** The webhooks of one scope, oldest first. */
  listWebhooks(scope: WebhookScope, scopeId: string): Promise<WebhookRecord[]>;
  /** Deletes a webhook of that scope (its deliveries go with it); false when there is none. */
  deleteWebhook(scope: WebhookScope, scopeId: string, hookId: string): Promise<boolean>;
  /** Reviews with a webhook of their own or of their team space (the periodic check visits these). */
  reviewsWithWebhooks(): Promise<string[]>;
  /** What the review's webhooks were last told (JSON, see webhooks/events.ts), or null if nothing yet. */
  readNotifiedState(reviewId: string): Promise<string | null>;
  /** Replaces the notified state and enqueues the deliveries it implies, in one transaction. */
  recordNotified(reviewId: string, state: string, deliveries: readonly NewDelivery[]): Promise<void>;
  forgetNotifiedState(reviewId: string): Promise<void>;
  /**
   * Claims up to `limit` pending deliveries that are due and not claimed by a live lease, for
   * `instanceId` until `leaseMs` from now; racing claims never share one. Counts the attempt.
   */
  claimDeliveries(instanceId: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt's outcome, only if `instanceId` still holds the claim; false otherwise. */
  finishAttempt(deliveryId: string, instanceId: string, outcome: AttemptOutcome): Promise<boolean>;
  /** A webhook's newest deliveries, newest first. */
  listDeliveries(hookId: string, limit: number): Promise<DeliveryRecord[]>;
}

/** Finished (delivered or failed) deliveries kept per webhook for its log; older ones are deleted. */
export const FINISHED_DELIVERIES_KEPT = 200;

/** A claimed delivery's row (with its hook's URL and secret) as both stores read it. */
export interface ClaimedDeliveryRow {
  id: string;
  hook_id: string;
  review_id: string;
  event: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/** The delivery a claim hands to the sender, from its row. */
export function claimedDelivery(row: ClaimedDeliveryRow): ClaimedDelivery {
  return {
    id: row.id,
    hookId: row.hook_id,
    reviewId: row.review_id,
    event: row.event,
    body: row.body,
    url: row.url,
    secret: row.secret,
    // The claim counted this attempt: report those made before it.
    attempts: row.attempts - 1,
  };
}
