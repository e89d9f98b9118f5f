import { FINDING_CATEGORIES } from './schema';
import type { Finding, FindingCategory, KeyTime, TimelineEvent } from './schema';
import { parseIsoTimestamp } from './validate';

/** Events ordered by time; equal times ordered by id, so every replica shows the same order. */
export function sortTimeline(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events
    .map((event) => ({ event, time: parseTime(event.at) ?? Number.NaN }))
    .sort((a, b) => compareTimes(a.time, b.time) || compareStrings(a.event.id, b.event.id))
    .map(({ event }) => event);
}

/** What the durations read of an event: when it happened and when the team learned of it. */
export type LearnedEvent = Pick<TimelineEvent, 'at' | 'learnedAt'>;

/** The incident's headline durations, each measured from `started`. */
export interface IncidentDurations {
  timeToDetectMs: number | null;
  timeToMitigateMs: number | null;
  timeToResolveMs: number | null;
}

/**
 * Durations from `started` to `detected`, `mitigated` and `resolved`; null when either end is missing or
 * unparseable. A negative value (times entered out of order) is returned as is, so the UI can flag it.
 * Time to detect ends when the team learned of the detection (see detectionLearnedAt); the others end
 * at their key times, since mitigation and resolution are what the system did, not what was seen.
 */
export function incidentDurations(
  times: Partial<Record<KeyTime, string>>,
  events: readonly LearnedEvent[] = [],
): IncidentDurations {
  const started = parseTime(times.started);
  const since = (end: string | undefined): number | null => {
    const endTime = parseTime(end);
    return started === null || endTime === null ? null : endTime - started;
  };
  return {
    timeToDetectMs: since(detectionLearnedAt(times, events)),
    timeToMitigateMs: since(times.mitigated),
    timeToResolveMs: since(times.resolved),
  };
}

/**
 * When the team learned the incident was detected: the `learnedAt` of a timeline event at the detected
 * key time (the earliest, when several there carry one), else the detected key time itself. An alert
 * that fired at 10:02 but was first seen at 10:19 makes time to detect end at 10:19.
 */
export function detectionLearnedAt(
  times: Partial<Record<KeyTime, string>>,
  events: readonly LearnedEvent[],
): string | undefined {
  const detected = parseTime(times.detected);
  if (detected === null) return undefined;
  const learned = events
    .filter((event) => event.learnedAt !== undefined && parseTime(event.at) === detected)
    .map((event) => event.learnedAt!)
    .sort((a, b) => compareTimes(parseTime(a) ?? Number.NaN, parseTime(b) ?? Number.NaN));
  return learned[0] ?? times.detected;
}

/** How long after it happened the team learned of an event; null when not recorded. Negative means out of order. */
export function learnedGapMs(event: Pick<TimelineEvent, 'at' | 'learnedAt'>): number | null {
  const at = parseTime(event.at);
  const learned = parseTime(event.learnedAt);
  return at === null || learned === null ? null : learned - at;
}

/** "seen 17m later", "seen at once", "seen 5m before it happened" (times out of order); null when not recorded. */
export function learnedGapText(event: Pick<TimelineEvent, 'at' | 'learnedAt'>): string | null {
  const gap = learnedGapMs(event);
  if (gap === null) return null;
  if (gap < 0) return `seen ${formatDuration(-gap)} before it happened`;
  return gap < 1000 ? 'seen at once' : `seen ${formatDuration(gap)} later`;
}

/** Findings grouped by category; every category is present, each list in input order. */
export function findingsByCategory(findings: readonly Finding[]): Record<FindingCategory, Finding[]> {
  const grouped = Object.fromEntries(FINDING_CATEGORIES.map((category) => [category, [] as Finding[]])) as Record<
    FindingCategory,
    Finding[]
  >;
  for (const finding of findings) grouped[finding.category]?.push(finding);
  return grouped;
}

/** A short human duration: "45s", "12m", "1h 05m", "2d 03h"; negative values get a leading "-". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  // Floor, not round: 59.9 s is not yet a minute.
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days}d ${pad(hours)}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${seconds}s`;
}

function parseTime(iso: string | undefined): number | null {
  // The strict parser, not Date.parse: a zone-less string would be read in each viewer's local time.
  const normalised = iso === undefined ? undefined : parseIsoTimestamp(iso);
  return normalised === undefined ? null : Date.parse(normalised);
}

function compareTimes(a: number, b: number): number {
  // Unparseable times (not produced by listTimeline, but possible in hand-built data) go last.
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return a - b;
}

function compareStrings(a: string, b: string): number {
  // Code-unit order, not localeCompare: the order must not depend on the viewer's locale.
  return a < b ? -1 : a > b ? 1 : 0;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export type DurationName = 'detect' | 'mitigate' | 'resolve';

export interface DurationView {
  name: DurationName;
  /** The key time the duration ends at. */
  end: KeyTime;
  label: string;
  /** "12m", "1h 05m"; null while a time is missing. */
  text: string | null;
  /** True when the end is before `started`: the times were entered out of order. */
  outOfOrder: boolean;
}

/** The three headline durations from the key times, ready to show. */
export function durationViews(
  times: Partial<Record<KeyTime, string>>,
  events: readonly LearnedEvent[] = [],
): DurationView[] {
  const durations = incidentDurations(times, events);
  const view = (name: DurationName, end: KeyTime, label: string, ms: number | null): DurationView => ({
    name,
    end,
    label,
    text: ms === null ? null : formatDuration(ms),
    outOfOrder: ms !== null && ms < 0,
  });
  return [
    view('detect', 'detected', 'Time to detect', durations.timeToDetectMs),
    view('mitigate', 'mitigated', 'Time to mitigate', durations.timeToMitigateMs),
    view('resolve', 'resolved', 'Time to resolve', durations.timeToResolveMs),
  ];
}
