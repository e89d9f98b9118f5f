/** Formatting shared by the report's sections: dates in the reader's locale and zone, CSS strings. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "14 Mar 2026, 09:41" in the reader's zone; the input itself when it is not a date. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "14 March 2026" in the reader's zone; the input itself when it is not a date. */
export function formatDateLong(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateLong.format(date);
}

/** "09:41" (or "9:41 AM") in the reader's zone. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : clock.format(date);
}

/** "Sat, 14 Mar 2026" in the reader's zone. */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : day.format(date);
}

/** `text` as a quoted CSS string (for `content:` in a print rule), with quotes, backslashes and line breaks escaped. */
export function cssString(text: string): string {
  return `"${text
    .replace(/[\\"]/g, (char) => `\\${char}`)
    .replace(/[\r\n\f]+/g, ' ')
    .replace(/</g, '\\3C ')}"`;
}

/** "1 finding", "3 findings". */
export function count(amount: number, singular: string, plural = `${singular}s`): string {
  return `${amount} ${amount === 1 ? singular : plural}`;
}
