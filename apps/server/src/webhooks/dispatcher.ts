import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { AttemptOutcome, ClaimedDelivery, Store } from '../store';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff';
import { sendDelivery } from './deliver';

export interface DispatcherOptions {
  allowLocal: boolean;
  /** The first retry's delay; later ones are multiples of it (see backoff.ts). */
  retryBaseMs: number;
  /** How often the outbox is polled for due deliveries (a local enqueue also wakes it). */
  pollMs?: number;
}

/** Deliveries claimed (and sent at once) per poll, per instance. */
const BATCH = 8;
/** A claim's lease: longer than an attempt can take, so only a dead sender's claim lapses. */
const LEASE_MS = 60_000;

/**
 * Sends the outbox: claims due deliveries with a lease (so instances never send one at once),
 * POSTs each signed, and records the outcome: delivered on a 2xx, else retried after a growing,
 * jittered delay until its attempts are used up (then failed, and logged). Sending is network I/O
 * only, never awaited by a room or a request.
 */
export class DeliveryDispatcher {
  /** Names this instance's claims; a new one each start, so a restarted instance does not own its predecessor's. */
  private readonly instanceId = randomBytes(9).toString('base64url');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: DispatcherOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  /** Resolves once the deliveries being sent are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Looks for due deliveries now (one pass at a time; a kick during a pass runs another after it). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => this.log.warn('webhooks.dispatch_failed', { err }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const claimed = await this.store.claimDeliveries(this.instanceId, BATCH, LEASE_MS);
      await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
      if (claimed.length < BATCH) return;
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const made = delivery.attempts + 1;
    let outcome: AttemptOutcome;
    if (delivery.attempts >= MAX_ATTEMPTS) {
      // Its last sender died mid-attempt after every retry was spent.
      outcome = { delivered: false, status: null, error: 'gave up', retryInMs: null };
    } else {
      const result = await sendDelivery(delivery, { allowLocal: this.options.allowLocal });
      outcome = result.ok
        ? { delivered: true, status: result.status }
        : {
            delivered: false,
            status: result.status,
            error: result.error,
            retryInMs: retryDelayMs(made, this.options.retryBaseMs),
          };
    }
    const recorded = await this.store.finishAttempt(delivery.id, this.instanceId, outcome);
    const fields = { reviewId: delivery.reviewId, hookId: delivery.hookId, deliveryId: delivery.id, attempt: made };
    if (outcome.delivered) this.log.info('webhooks.delivered', { ...fields, status: outcome.status });
    else if (outcome.retryInMs === null) {
      this.log.warn('webhooks.delivery_failed', { ...fields, status: outcome.status, error: outcome.error });
    } else {
      this.log.info('webhooks.delivery_retry', {
        ...fields,
        status: outcome.status,
        error: outcome.error,
        retryInMs: outcome.retryInMs,
      });
    }
    if (!recorded) this.log.warn('webhooks.claim_lost', fields);
  }
}
