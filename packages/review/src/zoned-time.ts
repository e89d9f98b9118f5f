/**
 * Wall-clock times in IANA time zones: the arithmetic that turns `2026-03-14T14:02` in Europe/Berlin
 * into a UTC instant, and the formatter that shows an instant on a zone's wall clock. Used by the
 * timeline import (times written without a zone) and by the web app's time inputs.
 */
import { parseIsoTimestamp } from './validate';

/**
 * The ISO UTC instant of a wall-clock time (`YYYY-MM-DDTHH:MM[:SS]`) in an IANA time zone; undefined
 * when the value or zone is invalid. A time skipped by a daylight-saving jump maps one hour later,
 * like a browser's `datetime-local`.
 */
export function zonedTimeToIso(wallTime: string, timeZone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wallTime.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '00'] = match;
  const asUtc = parseIsoTimestamp(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  if (asUtc === undefined) return undefined;
  const wallMs = Date.parse(asUtc);
  let offset: number;
  try {
    offset = zoneOffsetMs(wallMs, timeZone);
    // The offset at the guessed instant can differ from the one at the real instant near a DST change.
    offset = zoneOffsetMs(wallMs - offset, timeZone);
  } catch {
    return undefined;
  }
  return new Date(wallMs - offset).toISOString();
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instantMs`. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(instantMs));
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour') % 24,
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(instantMs / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A cached formatter that gives an instant's wall-clock parts in `timeZone` (24-hour, two digits),
 * for converting between UTC and a viewer's local time.
 */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
