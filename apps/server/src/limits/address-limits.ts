import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { addressKey } from './client-address';

/**
 * The requests counted: per client address, and `joinLink`, joins counted per shared link (so that
 * one link's holders cannot mint identities without end, from however many addresses).
 */
export type LimitedAction = 'create' | 'join' | 'upgrade' | 'joinLink';

/** How many requests (`points`) one address may make per window of `seconds`; 0 points means unlimited. */
export interface Rate {
  points: number;
  seconds: number;
}

export type AddressRates = Record<LimitedAction, Rate>;

/** Whether a request may go ahead, and if not, when the address's window ends. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The one call this module makes on a limiter: every rate-limiter-flexible limiter has it. */
export type Limiter = Pick<RateLimiterAbstract, 'consume'>;

/**
 * Makes the counter of one action. The memory one counts in this process; several instances share
 * their counts by passing one that counts in a shared store instead (rate-limiter-flexible's
 * `RateLimiterRedis` with a memory `insuranceLimiter` takes the same options plus its client).
 */
export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => Limiter;

/** Counters in this process's memory, each dropped when its window ends. */
export const memoryLimiter: LimiterFactory = (options) => new RateLimiterMemory(options);

/**
 * Per-client-address rate limits on the routes anyone may call without a token of their own: creating
 * or importing a review, joining one, and opening a WebSocket. A fixed window per address and action.
 */
export class AddressLimits {
  private readonly limiters = new Map<LimitedAction, Limiter>();

  constructor(rates: AddressRates, makeLimiter: LimiterFactory = memoryLimiter) {
    for (const [action, rate] of Object.entries(rates) as Array<[LimitedAction, Rate]>) {
      if (rate.points === 0) continue;
      this.limiters.set(
        action,
        makeLimiter({ keyPrefix: `hindsight:${action}`, points: rate.points, duration: rate.seconds }),
      );
    }
  }

  /** Counts one `action` by `address`: refused once the address has used up its window. */
  consume(action: LimitedAction, address: string): Promise<RateDecision> {
    return this.consumeKey(action, addressKey(address));
  }

  /** Counts one `action` against `key` as given (a link id): refused once the key has used up its window. */
  async consumeKey(action: LimitedAction, key: string): Promise<RateDecision> {
    const limiter = this.limiters.get(action);
    if (!limiter) return { allowed: true };
    try {
      await limiter.consume(key);
      return { allowed: true };
    } catch (outcome) {
      // The limiter rejects with its result when the points are used up, with an Error when its store fails.
      if (!(outcome instanceof RateLimiterRes)) throw outcome;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
    }
  }
}

/** The words of a refusal: when the address may try again, in the unit a person reads best. */
export function rateLimitedMessage(retryAfterSeconds: number): string {
  const wait = retryAfterSeconds < 120 ? `${retryAfterSeconds} s` : `${Math.ceil(retryAfterSeconds / 60)} min`;
  return `Too many requests from your address. Try again in ${wait}.`;
}
