import { KEY_TIMES } from './schema';
import type { KeyTime } from './schema';
import { detectionLearnedAt, type LearnedEvent } from './metrics';
import { parseIsoTimestamp } from './validate';

/*
 * "What was known when": the review as the responders saw it at one instant. An event is known from
 * when the team learned of it (its learnedAt, else its time); a key time is reached at its instant,
 * except detected, which is reached when the detection was seen.
 */

/** When the team knew of an event: its learnedAt when recorded, else when it happened. */
export function knownFrom(event: LearnedEvent): string {
  return event.learnedAt ?? event.at;
}

/** Whether the team knew of `event` at `instant` (both ISO UTC). */
export function knownAt(event: LearnedEvent, instant: string): boolean {
  return toMs(knownFrom(event)) <= toMs(instant);
}

/** The key times reached by `instant`: the others read as not yet set. */
export function keyTimesAsOf(
  times: Partial<Record<KeyTime, string>>,
  events: readonly LearnedEvent[],
  instant: string,
): Partial<Record<KeyTime, string>> {
  const reached: Partial<Record<KeyTime, string>> = {};
  for (const key of KEY_TIMES) {
    const at = times[key];
    if (at === undefined) continue;
    const seen = key === 'detected' ? (detectionLearnedAt(times, events) ?? at) : at;
    if (toMs(seen) <= toMs(instant)) reached[key] = at;
  }
  return reached;
}

/** The first and last instants worth scrubbing to: the earliest event or key time to the last thing learned. */
export function scrubRange(
  times: Partial<Record<KeyTime, string>>,
  events: readonly LearnedEvent[],
): { from: string; to: string } | null {
  const instants = [
    ...events.flatMap((event) => [event.at, knownFrom(event)]),
    ...KEY_TIMES.flatMap((key) => (times[key] === undefined ? [] : [times[key]!])),
  ]
    .map(toMs)
    .filter((ms) => !Number.isNaN(ms));
  if (instants.length === 0) return null;
  return { from: new Date(Math.min(...instants)).toISOString(), to: new Date(Math.max(...instants)).toISOString() };
}

function toMs(iso: string): number {
  const normalised = parseIsoTimestamp(iso);
  return normalised === undefined ? Number.NaN : Date.parse(normalised);
}

/**
 * What had happened by `instant` but was not yet known: the events the responders could not have
 * acted on then (for the report, under each decision), in the order given.
 */
export function unseenAt<T extends LearnedEvent>(events: readonly T[], instant: string): T[] {
  return events.filter((event) => toMs(event.at) <= toMs(instant) && !knownAt(event, instant));
}
