/**
 * Key times are stored as UTC instants and edited as wall-clock times in the viewer's own zone
 * (the browser's), through `<input type="datetime-local">` values such as `2026-03-02T09:05`.
 */

const pad = (value: number) => String(value).padStart(2, '0');

/** An ISO instant as a `datetime-local` value in the browser's zone (to the minute); '' if invalid. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (
    `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A `datetime-local` value read in the browser's zone, as an ISO UTC instant; null if incomplete. */
export function localInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const date = new Date(year!, month! - 1, day!, hours!, minutes!, seconds!);
  // the Date constructor rolls 31 February over into March: refuse instead
  if (Number.isNaN(date.getTime()) || date.getMonth() !== month! - 1 || date.getDate() !== day!) return null;
  return date.toISOString();
}
