import { wellFormed } from './text';

/**
 * Input validation for every write operation. A write validates all of its input before it touches
 * the doc, so a rejected call leaves no partial change behind.
 */

/** Length caps applied to writes (reads of longer, concurrently merged text are tolerated). */
export const REVIEW_LIMITS = {
  /** Review title and action title. */
  titleMaxLength: 200,
  /** Timeline event text and finding text. */
  textMaxLength: 5000,
  /** Short labels: timeline source, action owner, finding author, group id. */
  labelMaxLength: 200,
  /** An action's progress note (plain text, kept short: a status line, not a report). */
  progressMaxLength: 500,
  /** Why a team accepts the risk of a root cause without an action. */
  reasonMaxLength: 1000,
  votesPerPersonMin: 1,
  votesPerPersonMax: 20,
} as const;

/** Thrown by a write operation given invalid input or an unknown id; the doc is left unchanged. */
export class ReviewInputError extends Error {
  override name = 'ReviewInputError';
}

/** Returns `value` when it is one of `allowed`, else throws naming the field and the allowed values. */
export function checkEnum<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ReviewInputError(`${field} must be one of ${allowed.join(', ')}; got ${describe(value)}`);
}

/**
 * Returns `value`, with any lone surrogate replaced by U+FFFD, when it is a string of at most `maxLength`
 * UTF-16 code units.
 */
export function checkString(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw new ReviewInputError(`${field} must be a string; got ${describe(value)}`);
  if (value.length > maxLength) {
    throw new ReviewInputError(`${field} must be at most ${maxLength} characters; got ${value.length}`);
  }
  return wellFormed(value);
}

/** Returns `value` when it is a non-empty string (an id); the caller checks that it exists. */
export function checkId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new ReviewInputError(`${field} must be a non-empty string; got ${describe(value)}`);
  }
  return value;
}

/** Returns `value` when it is an integer in [min, max]. */
export function checkInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ReviewInputError(`${field} must be an integer from ${min} to ${max}; got ${describe(value)}`);
  }
  return value;
}

/** Normalises an ISO 8601 date-time with a zone to `toISOString()` form; throws when invalid. */
export function checkIsoTimestamp(field: string, value: unknown): string {
  const normalised = typeof value === 'string' ? parseIsoTimestamp(value) : undefined;
  if (normalised === undefined) {
    throw new ReviewInputError(
      `${field} must be an ISO 8601 date-time with a zone, e.g. 2024-05-01T14:03:00Z; got ${describe(value)}`,
    );
  }
  return normalised;
}

/** Returns `value` when it is a real calendar date YYYY-MM-DD or '' (no due date). */
export function checkDueDate(field: string, value: unknown): string {
  if (isDueDate(value)) return value;
  throw new ReviewInputError(`${field} must be a date YYYY-MM-DD or empty; got ${describe(value)}`);
}

/** True for a real calendar date YYYY-MM-DD or '' (no due date). */
export function isDueDate(value: unknown): value is string {
  return value === '' || (typeof value === 'string' && isCalendarDate(value));
}

// A zone is required: a zone-less date-time means local time, which differs between replicas.
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/i;

/** The `toISOString()` form of an ISO 8601 date-time with a zone, or undefined when it is not one. */
export function parseIsoTimestamp(value: string): string | undefined {
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone, sign, zoneHours, zoneMinutes] = match;
  if (!isCalendarDate(`${year}-${month}-${day}`)) return undefined;
  const h = Number(hour);
  const m = Number(minute);
  const s = Number(second);
  if (h > 23 || m > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  if (zone?.toUpperCase() !== 'Z') {
    const oh = Number(zoneHours);
    const om = Number(zoneMinutes);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Parsed by hand rather than Date.parse, which rolls 2024-02-31 over to March and varies by engine.
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(h, m - offsetMinutes, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0); // day 0 of the next month: the last day of this one
  return day <= date.getUTCDate();
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? typeof value : String(value);
}

/** Returns `value` when it is a plain object (an input or patch), so a stray null fails clearly. */
export function checkObject<T extends object>(field: string, value: T): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReviewInputError(`${field} must be an object; got ${describe(value)}`);
  }
  return value;
}
