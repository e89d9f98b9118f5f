import { WEAKNESS_LABELS } from '@hindsight/review';
import type { SpaceWeakness as WeaknessStat } from '@hindsight/protocol';

/**
 * The "Recurring weaknesses" card's data, shaped for reading and for the charts: pure functions of
 * `GET /api/spaces/:id/weaknesses`.
 */

/** Most named first: by reviews, then root causes, then open actions, then by name (a stable order). */
export function rankWeaknesses(stats: readonly WeaknessStat[]): WeaknessStat[] {
  return [...stats].sort(
    (a, b) =>
      b.reviews - a.reviews ||
      b.rootCauses - a.rootCauses ||
      b.openActions - a.openActions ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
}

/** "3 actions open", "1 action open", "no actions open". */
function openActionsText(open: number): string {
  if (open === 0) return 'no actions open';
  return `${open} ${open === 1 ? 'action' : 'actions'} open`;
}

/**
 * The sentence a team reads first: "Deployment and rollback: 5 of the last 8 incidents, 3 actions
 * open", where the incidents counted are the space's reviews.
 */
export function weaknessSentence(
  stat: Pick<WeaknessStat, 'label' | 'reviews' | 'openActions'>,
  reviewCount: number,
): string {
  const total = Math.max(reviewCount, stat.reviews);
  const share = total === 1 ? `${stat.reviews} of 1 incident` : `${stat.reviews} of the last ${total} incidents`;
  return `${stat.label}: ${share}, ${openActionsText(stat.openActions)}`;
}

/** One bar group of the totals chart. */
export interface WeaknessTotalsRow {
  weakness: string;
  label: string;
  reviews: number;
  rootCauses: number;
  openActions: number;
}

/** The totals chart's rows, most named first. */
export function totalsChartData(stats: readonly WeaknessStat[]): WeaknessTotalsRow[] {
  return rankWeaknesses(stats).map(({ weakness, label, reviews, rootCauses, openActions }) => ({
    weakness,
    label,
    reviews,
    rootCauses,
    openActions,
  }));
}

/** One month of the over-time chart: reviews naming each weakness (keyed by weakness id). */
export type WeaknessMonthRow = { month: string } & Record<string, number | string>;

/** `YYYY-MM` months from `first` to `last`, both included (empty when either is malformed or reversed). */
export function monthsBetween(first: string, last: string): string[] {
  const parse = (month: string) => {
    const match = /^(\d{4})-(\d{2})$/.exec(month);
    return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : null;
  };
  const start = parse(first);
  const end = parse(last);
  if (start === null || end === null || end < start) return [];
  const months: string[] = [];
  for (let index = start; index <= end; index++) {
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * The over-time chart's rows: every month from the first to the last one any weakness was named
 * in (a quiet month is a zero, not a gap the eye skips), each with every weakness's count.
 */
export function monthlyChartData(stats: readonly WeaknessStat[]): WeaknessMonthRow[] {
  const named = stats.flatMap((stat) => stat.byMonth.map((entry) => entry.month)).sort();
  if (named.length === 0) return [];
  return monthsBetween(named[0]!, named[named.length - 1]!).map((month) => {
    const row: WeaknessMonthRow = { month };
    for (const stat of stats) row[stat.weakness] = stat.byMonth.find((entry) => entry.month === month)?.reviews ?? 0;
    return row;
  });
}

/** "Mar 2026" for `2026-03` (the month as named, whatever the reader's zone). */
export function monthLabel(month: string, locale?: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A weakness's name: the taxonomy's label, else the id as given (a team-added one). */
export function weaknessLabel(weakness: string): string {
  return (WEAKNESS_LABELS as Record<string, string>)[weakness] ?? weakness;
}
