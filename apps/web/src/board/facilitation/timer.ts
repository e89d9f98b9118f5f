/**
 * The phase timer. The facilitator stores only when the phase ends (`phaseEndsAt`, an instant);
 * every browser counts down to it on its own wall clock, so nothing is written while it runs.
 */

/** The timer lengths the facilitator can start with one click, in minutes. */
export const TIMER_PRESETS = [3, 5, 10] as const;

/** What the timer shows when the end has passed. */
export const TIMES_UP = 'Time’s up';

/**
 * The time left as `mm:ss` (`h:mm:ss` from an hour on), counting whole seconds up, so the display
 * reaches 00:00 only when the time is really up; "Time’s up" from then on.
 */
export function formatCountdown(remainingMs: number): string {
  if (!Number.isFinite(remainingMs) || remainingMs <= 0) return TIMES_UP;
  const total = Math.ceil(remainingMs / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${pad(minutes)}:${pad(seconds)}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** Milliseconds from `now` until `endsAt` (negative once past), or null for no or a malformed end. */
export function remainingMs(endsAt: string | null, now: number): number | null {
  if (endsAt === null) return null;
  const end = Date.parse(endsAt);
  return Number.isNaN(end) ? null : end - now;
}

/** How long until the countdown's label changes: the next whole second of the time left. */
export function msUntilNextTick(remaining: number): number {
  if (remaining <= 0) return Infinity;
  const intoSecond = remaining % 1000;
  return intoSecond === 0 ? 1000 : intoSecond;
}

/** The end of a timer of `minutes` started at `now`, as the ISO instant the API takes. */
export function timerEndsAt(now: number, minutes: number): string {
  return new Date(now + minutes * 60_000).toISOString();
}

/**
 * The end after adding `minutes`: to a running timer's end, or from `now` when there is no timer
 * or it has run out (adding a minute to a timer that ended ten minutes ago should give a minute).
 */
export function extendedEndsAt(endsAt: string | null, now: number, minutes: number): string {
  const left = remainingMs(endsAt, now);
  const base = left !== null && left > 0 ? now + left : now;
  return timerEndsAt(base, minutes);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
