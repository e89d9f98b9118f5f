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
  /** The zone as people read it: `Europe/Berlin (GMT+1)`. */
  zone: string;
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
    zone: zoneName(timeZone, locale),
  };
}

function zoneName(timeZone: string, locale?: string): string {
  const offset = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  return offset && offset !== timeZone ? `${timeZone} (${offset})` : timeZone;
}
