import { randomBytes } from 'node:crypto';
import { MAX_WEBHOOKS_PER_REVIEW, WEBHOOK_EVENTS, type WebhookEventType } from '@hindsight/protocol';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import type { Store, WebhookRecord } from '../store';
import type { Rooms } from '../sync/rooms';
import { parseWebhookUrl, resolveWebhookHost, WebhookAddressError } from './address-policy';
import { DeliveryDispatcher } from './dispatcher';
import { WebhookNotifier } from './notifier';
import { newWebhookSecret } from './signature';

export interface WebhookOptions {
  /** HINDSIGHT_WEBHOOK_ALLOW_LOCAL: http and loopback/private addresses allowed (tests, on-prem receivers). */
  allowLocal: boolean;
  retryBaseMs: number;
  settleMs: number;
  sweepMs: number;
}

/**
 * Webhooks of reviews: registering (URL policy, secret, cap), removing, and the two workers that
 * turn stored changes into events (WebhookNotifier) and send them (DeliveryDispatcher).
 */
export class Webhooks {
  readonly notifier: WebhookNotifier;
  private readonly dispatcher: DeliveryDispatcher;

  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    log: Logger,
    private readonly options: WebhookOptions,
  ) {
    this.dispatcher = new DeliveryDispatcher(store, log, options);
    this.notifier = new WebhookNotifier(store, rooms, log, {
      settleMs: options.settleMs,
      sweepMs: options.sweepMs,
      onEnqueued: () => this.dispatcher.kick(),
    });
  }

  start(): void {
    this.notifier.start();
    this.dispatcher.start();
  }

  async stop(): Promise<void> {
    this.notifier.stop();
    await this.dispatcher.stop();
  }

  /** A change of the review was stored on this instance. */
  reviewChanged(reviewId: string): void {
    this.notifier.reviewChanged(reviewId);
  }

  /**
   * Registers a webhook for a review: the URL must pass the address policy now (and is checked
   * again at every delivery); 409 past the cap. Returns the record, secret included (shown once).
   */
  async register(reviewId: string, input: { url: string; events?: WebhookEventType[] }): Promise<WebhookRecord> {
    let url: URL;
    try {
      url = parseWebhookUrl(input.url, this.options.allowLocal);
      await resolveWebhookHost(url, this.options.allowLocal);
    } catch (err) {
      if (err instanceof WebhookAddressError) throw new ApiError(400, err.code, err.message);
      throw err;
    }
    const hook: WebhookRecord = {
      id: `wh_${randomBytes(12).toString('base64url')}`,
      scope: 'review',
      scopeId: reviewId,
      url: url.href,
      events: input.events ?? [...WEBHOOK_EVENTS],
      secret: newWebhookSecret(),
      createdAt: new Date().toISOString(),
    };
    if (!(await this.store.createWebhook(hook, MAX_WEBHOOKS_PER_REVIEW))) {
      throw new ApiError(409, 'too_many_webhooks', `A review has at most ${MAX_WEBHOOKS_PER_REVIEW} webhooks.`);
    }
    // The first webhook starts from the review as it is now: earlier changes are not reported.
    await this.notifier.notify(reviewId);
    return hook;
  }

  /** Removes a review's webhook (404 when it has none by that id); the last one takes the notified state with it. */
  async remove(reviewId: string, hookId: string): Promise<void> {
    if (!(await this.store.deleteWebhook('review', reviewId, hookId))) throw webhookNotFound();
    // Under the review's lock, so no diff running now records the state again after it is forgotten.
    await this.rooms.runTask(reviewId, async () => {
      if ((await this.store.listWebhooks('review', reviewId)).length === 0) {
        await this.store.forgetNotifiedState(reviewId);
      }
    });
  }

  /** A review's webhook by id, or 404. */
  async find(reviewId: string, hookId: string): Promise<WebhookRecord> {
    const hook = (await this.store.listWebhooks('review', reviewId)).find((entry) => entry.id === hookId);
    if (!hook) throw webhookNotFound();
    return hook;
  }
}

function webhookNotFound(): ApiError {
  return new ApiError(404, 'not_found', 'No such webhook in this review.');
}
