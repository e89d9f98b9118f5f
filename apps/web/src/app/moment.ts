/**
 * A moment as its reader reads times: the date and time in their locale and time zone, then the
 * zone's name, e.g. "1 Dec 2026, 14:05 (Europe/Paris)" — never an ISO string. `locale` and
 * `timeZone` default to the browser's own (they are parameters for tests).
 */
export function readableMoment(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'an unknown time';
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
  return `${format.format(date)} (${format.resolvedOptions().timeZone})`;
}
