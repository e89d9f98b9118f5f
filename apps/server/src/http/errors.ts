import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';

/** An HTTP error with a machine-readable code; rendered as `{ error: { code, message } }`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(status, { message });
  }
}

/** The app's error handler: every error becomes the JSON error shape, never a stack trace. */
export function renderError(err: Error, c: Context) {
  if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
  if (err instanceof HTTPException) {
    return c.json({ error: { code: `http_${err.status}`, message: err.message || 'Request failed.' } }, err.status);
  }
  return c.json({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } }, 500);
}
