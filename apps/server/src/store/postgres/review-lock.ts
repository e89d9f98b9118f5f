import type postgres from 'postgres';
import type { ReviewLock } from '../review-lock';

/** First key of the per-review server-write advisory locks (the second: the review's hash). */
export const REVIEW_LOCK_SPACE = 0x68737277;

/** How long a server write waits for another instance's write to the same review. */
const LOCK_TIMEOUT = '10s';

/**
 * A transaction-scoped advisory lock, on a pool of its own (`lockSql`): a lock's connection stays
 * busy while the write it guards runs, and that write's own statements must never wait for it.
 */
export function postgresReviewLock(lockSql: postgres.Sql): ReviewLock {
  return {
    async withReviewLock<T>(reviewId: string, run: () => Promise<T>): Promise<T> {
      let result: T;
      await lockSql.begin(async (tx) => {
        await tx.unsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        await tx`SELECT pg_advisory_xact_lock(${REVIEW_LOCK_SPACE}, hashtext(${reviewId}))`;
        result = await run();
      });
      return result!;
    },
  };
}
