/**
 * Pure view logic of the timeline: what each row needs, kept referentially stable so that a change
 * to one event (or to another section) re-renders at most that event's row.
 */
import { KEY_TIMES, sortTimeline, type KeyTime, type TimelineEvent, type TimelineKind } from '@hindsight/review';

/** What a row needs besides its text (the text is bound to the event's Y.Text by the row itself). */
export interface TimelineEntry {
  id: string;
  at: string;
  kind: TimelineKind;
  source: string;
  /** When the team learned of it; undefined when not recorded. */
  learnedAt: string | undefined;
  /** Whether the event shows its context card (the card binds the texts itself). */
  hasContext: boolean;
}

/**
 * The events sorted by time, reusing the entries (and the array) of `previous` where nothing
 * changed: memoised rows then skip re-rendering, and an unrelated change returns `previous` itself.
 */
export function nextEntries(
  previous: readonly TimelineEntry[],
  events: readonly TimelineEvent[],
): readonly TimelineEntry[] {
  const byId = new Map(previous.map((entry) => [entry.id, entry]));
  let changed = previous.length !== events.length;
  const next = sortTimeline(events).map(({ id, at, kind, source, learnedAt, context }, index) => {
    const old = byId.get(id);
    const fresh: TimelineEntry = { id, at, kind, source, learnedAt, hasContext: context !== undefined };
    const same =
      old !== undefined &&
      (Object.keys(fresh) as (keyof TimelineEntry)[]).every((field) => old[field] === fresh[field]);
    const entry = same ? old : fresh;
    if (entry !== previous[index]) changed = true;
    return entry;
  });
  return changed ? next : previous;
}

/** True when two key-time records hold the same values (to keep a stable reference). */
export function sameKeyTimes(a: Partial<Record<KeyTime, string>>, b: Partial<Record<KeyTime, string>>): boolean {
  return KEY_TIMES.every((key) => a[key] === b[key]);
}

/**
 * The key-time changes that mark an event as `choice` (or as no key time, with null): the chosen key
 * moves to the event's time, and any other key that sat on this event is cleared, so one pick in
 * the row's menu reads as "this event is the detection".
 */
export function keyTimeChanges(
  eventAt: string,
  current: Partial<Record<KeyTime, string>>,
  choice: KeyTime | null,
): Array<[KeyTime, string | null]> {
  const changes: Array<[KeyTime, string | null]> = [];
  for (const key of KEY_TIMES) {
    if (key === choice) {
      if (current[key] !== eventAt) changes.push([key, eventAt]);
    } else if (current[key] === eventAt) {
      changes.push([key, null]);
    }
  }
  return changes;
}

/** Key times that sat on an event's old time follow it to its new time. */
export function keyTimesFollowing(
  oldAt: string,
  newAt: string,
  current: Partial<Record<KeyTime, string>>,
): Array<[KeyTime, string]> {
  return KEY_TIMES.filter((key) => current[key] === oldAt && oldAt !== newAt).map((key) => [key, newAt]);
}
