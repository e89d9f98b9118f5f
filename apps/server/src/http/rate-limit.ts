import type { MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import {
  rateLimitedMessage,
  type AddressLimits,
  type LimitedAction,
  type RateDecision,
} from '../limits/address-limits';
import { requestAddress, type TrustedProxy } from '../limits/client-address';
import { ApiError } from '../errors';

/**
 * The middleware that counts a route's requests as `action` against their client address, and
 * `perKey`, which counts one request against another key (a link id) and throws 429 past its limit.
 */
export interface RateLimit {
  (action: LimitedAction): MiddlewareHandler;
  perKey(action: LimitedAction, key: string): Promise<void>;
}

/**
 * Rate limits by client address: past its limit a request gets `429 rate_limited` with
 * `retryAfterSeconds` and a `Retry-After` header, before its body is read. Requests that did not
 * come through Node's server (`app.request` in route tests) count under one address, `unknown`.
 */
export function rateLimitBy(limits: AddressLimits, trustedProxy: TrustedProxy | undefined): RateLimit {
  const byAddress =
    (action: LimitedAction): MiddlewareHandler =>
    async (c, next) => {
      const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
      const address = incoming ? requestAddress(incoming, trustedProxy) : 'unknown';
      refuseWhenLimited(await limits.consume(action, address), rateLimitedMessage);
      await next();
    };
  return Object.assign(byAddress, {
    perKey: async (action: LimitedAction, key: string) =>
      refuseWhenLimited(await limits.consumeKey(action, key), linkLimitedMessage),
  });
}

/** `429 rate_limited` with `retryAfterSeconds` and a `Retry-After` header, when the decision refuses. */
function refuseWhenLimited(decision: RateDecision, message: (retryAfterSeconds: number) => string): void {
  if (decision.allowed) return;
  const { retryAfterSeconds } = decision;
  throw new ApiError(
    429,
    'rate_limited',
    message(retryAfterSeconds),
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

function linkLimitedMessage(retryAfterSeconds: number): string {
  return `Too many people joined through this link just now. Try again in ${retryAfterSeconds} s.`;
}
