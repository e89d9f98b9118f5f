import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';

/**
 * An error a request is answered with, carrying a machine-readable code; rendered (by
 * http/errors.ts) as `{ error: { code, message } }`, plus `details` (e.g. `expiredAt`) beside them
 * when given, and with `headers` (e.g. `Retry-After`). Here, not in http/, because the review rules
 * the routes share (review/) throw it too, and nothing below the routes imports http/.
 */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: Record<string, string | number> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
  }
}

/**
 * What a request is told while the database cannot be reached (a StoreUnavailableError): 503 with
 * `Retry-After`, by the routes and by a refused WebSocket upgrade alike.
 */
export const DATABASE_UNAVAILABLE = {
  status: 503,
  code: 'database_unavailable',
  message: 'The database cannot be reached; nothing was saved. Try again shortly.',
  retryAfterSeconds: 5,
} as const;
