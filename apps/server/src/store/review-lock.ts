/**
 * Serialises the server's read-modify-writes of one review (controls, tallies, anonymous
 * publishing and rewording) across instances: one at a time per review, whichever instance runs
 * it; other reviews do not wait. Within one instance the review's task queue already does this.
 */
export interface ReviewLock {
  /** Runs `run` holding the review's lock; rejects if the lock is not had within a few seconds. */
  withReviewLock<T>(reviewId: string, run: () => Promise<T>): Promise<T>;
}
