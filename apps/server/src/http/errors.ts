import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AccessDecision } from '../auth/tokens';
import { ApiError, DATABASE_UNAVAILABLE } from '../errors';
import { StoreUnavailableError } from '../store';

/** The error for a token that `authorize` refused; an expired link's answer says when it expired. */
export function refusal(decision: Extract<AccessDecision, { ok: false }>): ApiError {
  const details: Record<string, string> = decision.expiredAt ? { expiredAt: decision.expiredAt } : {};
  return new ApiError(decision.status, decision.code, decision.message, details);
}

/** The app's error handler: every error becomes the JSON error shape, never a stack trace. */
export function renderError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    return c.json({ error: { ...err.details, code: err.code, message: err.message } }, err.status, err.headers);
  }
  if (err instanceof StoreUnavailableError) {
    const { status, code, message, retryAfterSeconds } = DATABASE_UNAVAILABLE;
    return c.json({ error: { code, message, retryAfterSeconds } }, status, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: `http_${err.status}`, message: err.message || 'Request failed.' } }, err.status);
  }
  return c.json({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } }, 500);
}
