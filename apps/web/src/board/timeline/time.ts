/**
 * Times on the timeline: stored as ISO 8601 UTC, entered and shown in the viewer's own time zone.
 * Every function takes the zone explicitly so the conversions are testable in any zone.
 */
import { zonedTimeToIso, zoneFormatter } from '@hindsight/review';

/** The IANA time zone of this browser (e.g. `Europe/Berlin`). */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function wallParts(
  iso: string,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return {
    year: get('year').padStart(4, '0'),
    month: get('month'),
    day: get('day'),
    hour: String(Number(get('hour')) % 24).padStart(2, '0'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** The value of a `datetime-local` input (with seconds) showing `iso` in `timeZone`. */
export function isoToLocalInput(iso: string, timeZone: string): string {
  const p = wallParts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** The UTC instant of a `datetime-local` value read in `timeZone`; undefined when incomplete. */
export function localInputToIso(value: string, timeZone: string): string | undefined {
  return value ? zonedTimeToIso(value, timeZone) : undefined;
}

/** `YYYY-MM-DD` of `iso` in `timeZone`: groups events by the day they happened for the viewer. */
export function localDay(iso: string, timeZone: string): string {
  const p = wallParts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Display formatters for one zone and the browser's locale. */
export interface TimeFormat {
  timeZone: string;
  /** `14:02:15` (locale style). */
  time(iso: string): string;
  /** `Sat, 14 Mar 2026` (locale style). */
  day(iso: string): string;
  /** Date and time with the zone, for tooltips and screen readers. */
  full(iso: string): string;
  /**
   * The zone as people read it at the given instants (now when none): `America/New_York (EDT)`,
   * or `America/New_York (EST, EDT)` when they straddle a daylight-saving change.
   */
  zone(instants?: readonly (string | undefined)[]): string;
}

/** Formatters for `timeZone`, built once per zone (Intl formatters are costly to create). */
export function timeFormat(timeZone: string, locale?: string): TimeFormat {
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const day = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const full = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'long' });
  return {
    timeZone,
    time: (iso) => time.format(new Date(iso)),
    day: (iso) => day.format(new Date(iso)),
    full: (iso) => full.format(new Date(iso)),
    zone: (instants) => zoneName(timeZone, instants ?? [], locale),
  };
}

/**
 * `timeZone` with its short names (EST, EDT, GMT+1) at the instants shown, in their order: a
 * name read off today's date would say EST for a summer incident.
 */
export function zoneName(timeZone: string, instants: readonly (string | undefined)[], locale?: string): string {
  const shortName = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
  const dates = instants.map((iso) => (iso ? new Date(iso) : null)).filter((date) => date && !Number.isNaN(+date));
  const names = new Set<string>();
  for (const date of dates.length > 0 ? (dates as Date[]) : [new Date()]) {
    const name = shortName.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value;
    if (name && name !== timeZone) names.add(name);
  }
  return names.size > 0 ? `${timeZone} (${[...names].join(', ')})` : timeZone;
}
