import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { NewDelivery, Store, WebhookRecord } from '../store';
import type { Rooms } from '../sync/rooms';
import { baselineState, diffReview, readReviewView, utcToday, type NotifiedState, type WebhookEvent } from './events';

export interface NotifierOptions {
  /** Quiet time after a review's last stored change before its actions are diffed (coalescing typing). */
  settleMs: number;
  /** How often every review with webhooks is diffed anyway: overdue dates pass, and changes an instance stored just before dying are caught up. */
  sweepMs: number;
  /** Called after events were enqueued, so the dispatcher sends them without waiting for its next poll. */
  onEnqueued?: () => void;
}

/** A burst of changes is diffed at the latest after this many settle periods, even if typing never pauses. */
const MAX_WAIT_SETTLES = 10;

/**
 * Turns changes of reviews into webhook events. A stored change (this instance's; each instance
 * hears of its own) schedules a diff once the review has been quiet for `settleMs`; the diff runs
 * as a task of the review, so under its lock across instances and on a document caught up with
 * the database, compares it with the state last notified (kept in the database) and records the
 * new state and the deliveries in one transaction: however many instances diff a review, each
 * event is enqueued once, and nothing is lost to a restart (the sweep diffs every hooked review).
 */
export class WebhookNotifier {
  private readonly waiting = new Map<string, { timer: NodeJS.Timeout; firstAt: number }>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    private readonly log: Logger,
    private readonly options: NotifierOptions,
  ) {}

  start(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepMs);
    this.sweepTimer.unref();
    // After a restart: whatever changed while no instance was diffing is reported now.
    void this.sweep();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }

  /** A change of the review was stored here: diff it once it has settled. */
  reviewChanged(reviewId: string): void {
    if (this.stopped) return;
    const now = Date.now();
    const entry = this.waiting.get(reviewId);
    if (entry) clearTimeout(entry.timer);
    const firstAt = entry?.firstAt ?? now;
    const at = Math.min(now + this.options.settleMs, firstAt + MAX_WAIT_SETTLES * this.options.settleMs);
    const timer = setTimeout(() => {
      this.waiting.delete(reviewId);
      this.notify(reviewId).catch((err) => this.log.warn('webhooks.diff_failed', { reviewId, err }));
    }, at - now);
    this.waiting.set(reviewId, { timer, firstAt });
  }

  /**
   * Diffs the review against what its webhooks were last told and enqueues the events. Without a
   * notified state yet, or when `startingHookId` (just registered) is its only webhook, records the
   * current state as the baseline, no events: earlier changes are not reported to a new webhook.
   */
  async notify(reviewId: string, options: { startingHookId?: string } = {}): Promise<number> {
    return this.rooms.runTask(reviewId, async (room) => {
      const hooks = await this.hooksOf(reviewId);
      if (hooks.length === 0) return 0;
      const view = readReviewView(reviewId, room.doc);
      const stored = await this.store.readNotifiedState(reviewId);
      // A review whose only webhook is the one just registered starts afresh (an older state may be stale).
      const fresh = hooks.length === 1 && hooks[0]!.id === options.startingHookId;
      if (stored === null || fresh) {
        await this.store.recordNotified(reviewId, JSON.stringify(baselineState(view)), []);
        return 0;
      }
      const previous = JSON.parse(stored) as NotifiedState;
      const { state, events } = diffReview(previous, view, utcToday());
      const next = JSON.stringify(state);
      if (events.length === 0 && next === stored) return 0;
      const deliveries = events.flatMap((event) => deliveriesOf(event, hooks));
      await this.store.recordNotified(reviewId, next, deliveries);
      if (deliveries.length > 0) {
        this.log.info('webhooks.enqueued', {
          reviewId,
          events: events.map((e) => e.type).join(','),
          deliveries: deliveries.length,
        });
        this.options.onEnqueued?.();
      }
      return deliveries.length;
    });
  }

  /** The review's own webhooks and those of its team space. */
  private async hooksOf(reviewId: string): Promise<WebhookRecord[]> {
    const own = await this.store.listWebhooks('review', reviewId);
    const spaceId = (await this.store.getReview(reviewId))?.spaceId;
    return spaceId ? [...own, ...(await this.store.listWebhooks('space', spaceId))] : own;
  }

  /** Diffs every review with webhooks, one at a time (a sweep still running skips the next). */
  private sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return this.sweeping ?? Promise.resolve();
    this.sweeping = (async () => {
      try {
        for (const reviewId of await this.store.reviewsWithWebhooks()) {
          if (this.stopped) return;
          await this.notify(reviewId).catch((err) => this.log.warn('webhooks.diff_failed', { reviewId, err }));
        }
      } catch (err) {
        this.log.warn('webhooks.sweep_failed', { err });
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }
}

/** One delivery of `event` per webhook subscribed to it, each with its own id (stable across retries) in the body. */
function deliveriesOf(event: WebhookEvent, hooks: readonly WebhookRecord[]): NewDelivery[] {
  const createdAt = new Date().toISOString();
  return hooks
    .filter((hook) => hook.events.includes(event.type))
    .map((hook) => {
      const id = `whd_${randomBytes(12).toString('base64url')}`;
      return {
        id,
        hookId: hook.id,
        reviewId: (event.payload.review as { id: string }).id,
        event: event.type,
        body: JSON.stringify({ id, type: event.type, createdAt, ...event.payload }),
        createdAt,
      };
    });
}
