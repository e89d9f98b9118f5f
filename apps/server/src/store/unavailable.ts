/**
 * The database cannot be reached right now (refused, reset, timed out, shutting down): whatever the
 * call was to store was not stored, and the same call may succeed once the database is back. The
 * backends turn their driver's errors of that kind into this one (see `refuseWhileUnavailable`), so
 * the layers above tell "try again shortly" (HTTP 503, close 1011 `database unavailable`) from a
 * bug (500) without knowing any driver.
 */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** `err` itself when it is not a sign of an unreachable database, else a StoreUnavailableError wrapping it. */
export function classifyUnavailable(err: unknown, isUnavailable: (err: unknown) => boolean): unknown {
  if (err instanceof StoreUnavailableError || !isUnavailable(err)) return err;
  return new StoreUnavailableError(err);
}

/**
 * `store` with every method's failure passed through classifyUnavailable: a promise it returns
 * rejects with a StoreUnavailableError when the driver's error says the database is unreachable.
 * Errors that a callback given to a method throws (withReviewLock's `run`) pass unchanged unless
 * they are of that kind too.
 */
export function refuseWhileUnavailable<T extends object>(store: T, isUnavailable: (err: unknown) => boolean): T {
  const guarded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    guarded[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            let result: unknown;
            try {
              result = (value as (...a: unknown[]) => unknown).apply(store, args);
            } catch (err) {
              throw classifyUnavailable(err, isUnavailable);
            }
            return result instanceof Promise
              ? result.catch((err: unknown) => Promise.reject(classifyUnavailable(err, isUnavailable)))
              : result;
          }
        : value;
  }
  return guarded as T;
}
