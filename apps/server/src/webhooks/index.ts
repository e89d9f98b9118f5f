import { randomBytes } from 'node:crypto';
import { MAX_WEBHOOKS_PER_SCOPE, WEBHOOK_EVENTS, type WebhookEventType } from '@hindsight/protocol';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import type { Store, WebhookRecord, WebhookScope } from '../store';
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
 * Webhooks of reviews and team spaces: registering (URL policy, secret, cap), removing, and the two workers that
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
   * Registers a webhook of a review, or of a team space (events of every review in it): the URL
   * must pass the address policy now (and is checked again at every delivery); 409 past the cap.
   * Returns the record, secret included (shown once).
   */
  async register(
    scope: WebhookScope,
    scopeId: string,
    input: { url: string; events?: WebhookEventType[] },
  ): Promise<WebhookRecord> {
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
      scope,
      scopeId,
      url: url.href,
      events: input.events ?? [...WEBHOOK_EVENTS],
      secret: newWebhookSecret(),
      createdAt: new Date().toISOString(),
    };
    if (!(await this.store.createWebhook(hook, MAX_WEBHOOKS_PER_SCOPE))) {
      throw new ApiError(409, 'too_many_webhooks', `A ${scope} has at most ${MAX_WEBHOOKS_PER_SCOPE} webhooks.`);
    }
    // Each review it covers starts from its state now: earlier changes are not reported. A review
    // moved into the space later starts at the next sweep.
    const reviewIds =
      scope === 'review' ? [scopeId] : (await this.store.listSpaceReviews(scopeId)).map((row) => row.reviewId);
    for (const reviewId of reviewIds) await this.notifier.notify(reviewId, { startingHookId: hook.id });
    return hook;
  }

  /** Removes a webhook of the scope (404 when it has none by that id); a review's last one takes the notified state with it. */
  async remove(scope: WebhookScope, scopeId: string, hookId: string): Promise<void> {
    if (!(await this.store.deleteWebhook(scope, scopeId, hookId))) throw webhookNotFound(scope);
    if (scope !== 'review') return;
    // Under the review's lock, so no diff running now records the state again after it is forgotten.
    await this.rooms.runTask(scopeId, async () => {
      if ((await this.store.listWebhooks('review', scopeId)).length === 0) {
        await this.store.forgetNotifiedState(scopeId);
      }
    });
  }

  /** A webhook of the scope by id, or 404. */
  async find(scope: WebhookScope, scopeId: string, hookId: string): Promise<WebhookRecord> {
    const hook = (await this.store.listWebhooks(scope, scopeId)).find((entry) => entry.id === hookId);
    if (!hook) throw webhookNotFound(scope);
    return hook;
  }
}

function webhookNotFound(scope: WebhookScope): ApiError {
  return new ApiError(404, 'not_found', `No such webhook in this ${scope}.`);
}
