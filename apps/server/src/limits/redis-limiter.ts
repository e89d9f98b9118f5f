import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { Redis } from 'ioredis';
import type { LimiterFactory } from './address-limits';

/**
 * Per-address counters shared by every instance through Redis (REDIS_URL), so an address gets one
 * budget across the load balancer's instances, not one per instance. While Redis does not answer,
 * each instance falls back to counting in its own memory (rate-limiter-flexible's insurance
 * limiter) rather than refusing everyone or letting everyone through. Loaded only with REDIS_URL.
 */
export function openRedisLimiters(
  url: string,
  prefix: string,
): { makeLimiter: LimiterFactory; close(): Promise<void> } {
  // No offline queue: a count while Redis is away goes to the insurance limiter at once.
  const client = new Redis(url, { connectionName: `${prefix}limits`, enableOfflineQueue: false });
  client.on('error', () => undefined); // reconnects by itself; the fan-out logs Redis being away
  const makeLimiter: LimiterFactory = (options) =>
    new RateLimiterRedis({
      ...options,
      storeClient: client,
      keyPrefix: `${prefix}${options.keyPrefix}`,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  return {
    makeLimiter,
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
