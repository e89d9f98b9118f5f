import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { bearerToken } from '../auth/tokens';
import { ApiError } from '../errors';
import type { ServerMetrics } from '../metrics/metrics';

export interface MetricsRouteOptions {
  metrics: ServerMetrics | undefined;
  /** HINDSIGHT_METRICS_TOKEN; unset: the endpoint is off (404). */
  token: string | undefined;
}

/**
 * `GET /metrics` in the Prometheus text format, for a scraper presenting `Authorization: Bearer
 * <HINDSIGHT_METRICS_TOKEN>`. Off unless the token is set: the process metrics say more about the
 * host than anyone with a review link should learn.
 */
export function metricsRoutes({ metrics, token }: MetricsRouteOptions) {
  const expected = token === undefined ? undefined : digest(token);
  return new Hono().get('/', async (c) => {
    if (!metrics || !expected) throw new ApiError(404, 'not_found', 'Metrics are off: set HINDSIGHT_METRICS_TOKEN.');
    const presented = bearerToken(c.req.header('authorization'));
    // Compared as digests of equal length, in constant time.
    if (presented === null || !timingSafeEqual(digest(presented), expected)) {
      throw new ApiError(
        401,
        'unauthorized',
        'Metrics need Authorization: Bearer <HINDSIGHT_METRICS_TOKEN>.',
        {},
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
