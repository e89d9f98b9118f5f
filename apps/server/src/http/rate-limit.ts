import type { MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { rateLimitedMessage, type AddressLimits, type LimitedAction } from '../limits/address-limits';
import { requestAddress, type TrustedProxy } from '../limits/client-address';
import { ApiError } from '../errors';

/** The middleware that counts a route's requests as `action` against their client address. */
export type RateLimit = (action: LimitedAction) => MiddlewareHandler;

/**
 * Rate limits by client address: past its limit a request gets `429 rate_limited` with
 * `retryAfterSeconds` and a `Retry-After` header, before its body is read. Requests that did not
 * come through Node's server (`app.request` in route tests) count under one address, `unknown`.
 */
export function rateLimitBy(limits: AddressLimits, trustedProxy: TrustedProxy | undefined): RateLimit {
  return (action) => async (c, next) => {
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    const address = incoming ? requestAddress(incoming, trustedProxy) : 'unknown';
    const decision = await limits.consume(action, address);
    if (!decision.allowed) {
      const { retryAfterSeconds } = decision;
      throw new ApiError(
        429,
        'rate_limited',
        rateLimitedMessage(retryAfterSeconds),
        { retryAfterSeconds },
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }
    await next();
  };
}
