/**
 * Retry schedule of a failed delivery, as multiples of the base delay (HINDSIGHT_WEBHOOK_RETRY_BASE_MS,
 * 30 s by default): 30 s, 2 min, 10 min, 1 h, 6 h. After the last retry fails the delivery is given
 * up (logged and shown as failed in the delivery log).
 */
export const RETRY_STEPS = [1, 4, 20, 120, 720] as const;

/** Attempts a delivery gets in all: the first and one per retry step. */
export const MAX_ATTEMPTS = RETRY_STEPS.length + 1;

/** Each delay is drawn from ±JITTER around its step, so receivers that failed together are not retried in step. */
const JITTER = 0.2;

/**
 * How long to wait before the next attempt, after `attemptsMade` attempts have failed; null when
 * the delivery has had all its attempts. `random`: uniform in [0, 1).
 */
export function retryDelayMs(attemptsMade: number, baseMs: number, random: () => number = Math.random): number | null {
  const step = RETRY_STEPS[attemptsMade - 1];
  if (step === undefined || attemptsMade < 1) return null;
  return Math.round(step * baseMs * (1 - JITTER + 2 * JITTER * random()));
}
