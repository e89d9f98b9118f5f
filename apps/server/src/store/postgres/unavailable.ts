/**
 * Which errors of the `postgres` driver mean "the database cannot be reached now" rather than "this
 * statement is wrong": a refused or cut connection, a connect timeout, the server shutting down or
 * starting up. They are the ones worth retrying unchanged a little later.
 */

/** Node's socket errors and the driver's own connection errors (postgres/src/errors.js). */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
]);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01-57P03 (admin shutdown,
 * crash shutdown, cannot connect now: starting up or in recovery), 53300 (too many connections) and
 * 25006 (read-only transaction: a standby not yet promoted during a failover refuses writes).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '25006']);

/** Whether `err` (or what it wraps) says the PostgreSQL server cannot be reached or cannot serve now. */
export function isPostgresUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (CONNECTION_ERRORS.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  // Node's happy-eyeballs connect (several addresses for one host) fails with all of their errors.
  if (err instanceof AggregateError && err.errors.some((inner) => isPostgresUnavailable(inner, depth + 1))) return true;
  return isPostgresUnavailable(err.cause, depth + 1);
}
