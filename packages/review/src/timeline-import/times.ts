/** Reading the time cell of an import row, whatever form a team wrote it in. */
import { parseIsoTimestamp } from '../validate';
import { zonedTimeToIso } from '../zoned-time';
import { quote } from './rows';
import type { TimeReader, TimelineImportOptions } from './types';

const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/i;
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?$/;

/** Reads a time cell: ISO 8601 with a zone, or a date-time / time of day in the given zone and day. */
export function timeReader(options: TimelineImportOptions): TimeReader {
  const timeZone = options.timeZone ?? 'UTC';
  const referenceDate = options.referenceDate?.trim();
  const hasReferenceDate = referenceDate !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(referenceDate);
  return (raw) => {
    const value = raw.trim();
    if (value === '') return { error: 'the time is missing' };
    const withZone = parseIsoTimestamp(value.replace(' ', 'T'));
    if (withZone !== undefined) return { at: withZone };
    if (ZONELESS_DATE_TIME.test(value)) {
      const at = zonedTimeToIso(value, timeZone);
      return at ? { at } : { error: `${quote(value)} is not a valid date and time` };
    }
    const timeOnly = TIME_ONLY.exec(value);
    if (timeOnly) {
      if (!hasReferenceDate) return { error: `${quote(value)} has no date: choose the day it happened on` };
      const [, h = '', m = '', s = '00', zone] = timeOnly;
      const wall = `${referenceDate}T${h.padStart(2, '0')}:${m}:${s}`;
      const at = zone ? parseIsoTimestamp(wall + zone) : zonedTimeToIso(wall, timeZone);
      return at ? { at } : { error: `${quote(value)} is not a valid time of day` };
    }
    const unix = /^\d{9,11}(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isFinite(unix)) return { at: new Date(Math.round(unix * 1000)).toISOString() };
    return { error: `${quote(value)} is not a time (expected e.g. 2026-03-14T14:02:00Z or 14:02)` };
  };
}
