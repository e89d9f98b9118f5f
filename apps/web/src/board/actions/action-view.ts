/**
 * The action list as one viewer sees it: overdue rules, filtering, sorting and counts. Pure
 * functions of the plain `ActionItem`s read from the document; the view state (sort, filters)
 * belongs to each viewer and is never stored in the shared doc.
 */
import { isOverdue, isUnfinished } from '@hindsight/review';
import {
  ReviewInputError,
  type ActionItem,
  type ActionPriority,
  type ActionStatus,
  type ActionType,
} from '@hindsight/review';

/**
 * Board-only wording: the board and the report spell out what a priority means; the exports keep the
 * bare `P1` (ACTION_PRIORITY_LABELS). Status and type words are the model's (ACTION_STATUS_LABELS,
 * ACTION_TYPE_LABELS from @hindsight/review).
 */
export const PRIORITY_LABELS: Record<ActionPriority, string> = {
  P1: 'P1 · high',
  P2: 'P2 · medium',
  P3: 'P3 · low',
};

/** What each type means, shown as help text next to the type controls. */
export const TYPE_HELP: Record<ActionType, string> = {
  mitigate: 'Reduce the impact next time: faster detection, quicker rollback, smaller blast radius.',
  prevent: 'Stop this failure from happening again: fix the weakness that let it happen.',
  process: 'Change how we work: runbooks, on-call, reviews, communication.',
};

/** Shared with the server's webhooks (overdue events): the review package owns the rule. */
export { isOverdue, isUnfinished };

/** Today's calendar date (YYYY-MM-DD) in the viewer's own time zone. */
export function localDateKey(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateKeyToUtcMs(to) - dateKeyToUtcMs(from)) / 86_400_000);
}

function dateKeyToUtcMs(key: string): number {
  const [year, month, day] = key.split('-').map(Number);
  // UTC arithmetic on calendar dates: no daylight-saving day of 23 or 25 hours.
  return Date.UTC(year!, month! - 1, day!);
}

/** How a due date reads next to an action: "Overdue by 3 days", "Due today", "Due in 2 days". */
export type DueState =
  | { kind: 'none' }
  | { kind: 'finished' }
  | { kind: 'overdue'; days: number }
  | { kind: 'today' }
  | { kind: 'soon'; days: number }
  | { kind: 'later'; days: number };

/** Days within which an unfinished action counts as due soon. */
export const DUE_SOON_DAYS = 3;

/** Where an action stands against its due date, seen from `today`. */
export function dueState(action: Pick<ActionItem, 'due' | 'status'>, today: string): DueState {
  if (action.due === '') return { kind: 'none' };
  if (!isUnfinished(action)) return { kind: 'finished' };
  const days = daysBetween(today, action.due);
  if (days < 0) return { kind: 'overdue', days: -days };
  if (days === 0) return { kind: 'today' };
  return days <= DUE_SOON_DAYS ? { kind: 'soon', days } : { kind: 'later', days };
}

/** "1 day", "3 days". */
export function pluralDays(days: number): string {
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** A YYYY-MM-DD date in the viewer's locale ("12 Mar 2025"); the date itself, never shifted by a zone. */
export function formatDueDate(due: string, locale?: string): string {
  if (due === '') return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(dateKeyToUtcMs(due)),
  );
}

// ---- filtering ----

/** 'unfinished' keeps open and in-progress actions. */
export type StatusFilter = 'all' | 'unfinished' | ActionStatus;

export interface ActionFilter {
  status: StatusFilter;
  type: 'all' | ActionType;
  /** null for everyone, or one owner's name; '' keeps the actions with no owner. */
  owner: string | null;
  overdueOnly: boolean;
  /** Free text matched against title and owner, case- and accent-insensitive. */
  query: string;
}

export const NO_FILTER: ActionFilter = { status: 'all', type: 'all', owner: null, overdueOnly: false, query: '' };

/** True when any filter would hide something. */
export function isFiltering(filter: ActionFilter): boolean {
  return (
    filter.status !== 'all' ||
    filter.type !== 'all' ||
    filter.owner !== null ||
    filter.overdueOnly ||
    filter.query.trim() !== ''
  );
}

/** Lower case without accents, for search. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();
}

/** The actions that pass every filter, in their input order. */
export function filterActions<T extends ActionItem>(actions: readonly T[], filter: ActionFilter, today: string): T[] {
  const words = foldForSearch(filter.query).split(/\s+/).filter(Boolean);
  return actions.filter((action) => {
    if (
      filter.status === 'unfinished'
        ? !isUnfinished(action)
        : filter.status !== 'all' && action.status !== filter.status
    ) {
      return false;
    }
    if (filter.type !== 'all' && action.type !== filter.type) return false;
    if (filter.owner !== null && action.owner.trim() !== filter.owner) return false;
    if (filter.overdueOnly && !isOverdue(action, today)) return false;
    if (words.length > 0) {
      const haystack = foldForSearch(`${action.title} ${action.owner}`);
      if (!words.every((word) => haystack.includes(word))) return false;
    }
    return true;
  });
}

/** Distinct non-empty owners, trimmed, sorted for a filter menu. */
export function ownersOf(actions: readonly ActionItem[]): string[] {
  const owners = new Set(actions.map((action) => action.owner.trim()).filter(Boolean));
  return [...owners].sort(collator.compare);
}

// ---- sorting ----

export type SortKey = 'due' | 'priority' | 'status' | 'title';
export type SortDirection = 'asc' | 'desc';

export interface ActionSort {
  key: SortKey;
  direction: SortDirection;
}

export const SORT_LABELS: Record<SortKey, string> = {
  due: 'Due date',
  priority: 'Priority',
  status: 'Status',
  title: 'Title',
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const STATUS_ORDER: Record<ActionStatus, number> = { open: 0, 'in-progress': 1, done: 2, 'wont-do': 3 };
const PRIORITY_ORDER: Record<ActionPriority, number> = { P1: 0, P2: 1, P3: 2 };

type Compare = (a: ActionItem, b: ActionItem) => number;

const byDue: Compare = (a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0);
const byPriority: Compare = (a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority];
const byStatus: Compare = (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
const byTitle: Compare = (a, b) => collator.compare(a.title.trim(), b.title.trim());

const PRIMARY: Record<SortKey, Compare> = { due: byDue, priority: byPriority, status: byStatus, title: byTitle };
/** After the chosen key, ties break the way a team reads a list: most urgent first, then by name. */
const TIE_BREAKS: Compare[] = [byPriority, byDue, byTitle];

/**
 * True when the sort key has no value that matters on this action: it then sorts last in either
 * direction. A due date only matters while the work is unfinished, so sorting by due date lists
 * what is due next first and finished actions after everything still open.
 */
function lacksKey(action: ActionItem, key: SortKey): boolean {
  if (key === 'due') return action.due === '' || !isUnfinished(action);
  return key === 'title' ? action.title.trim() === '' : false;
}

/**
 * A sorted copy. Actions without the sorted value (no due date or already finished, empty title)
 * come last whichever the direction, in ascending order among themselves; ties are broken by priority, due date and title, then by id so that every viewer
 * with the same settings sees the same order.
 */
export function sortActions<T extends ActionItem>(actions: readonly T[], sort: ActionSort): T[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const primary = PRIMARY[sort.key];
  return [...actions].sort((a, b) => {
    const aLacks = lacksKey(a, sort.key);
    const bLacks = lacksKey(b, sort.key);
    if (aLacks !== bLacks) return aLacks ? 1 : -1;
    const first = aLacks ? tieCompare(primary, a, b) : sign * primary(a, b);
    if (first !== 0) return first;
    for (const compare of TIE_BREAKS) {
      if (compare === primary) continue;
      const tie = tieCompare(compare, a, b);
      if (tie !== 0) return tie;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

function tieCompare(compare: Compare, a: ActionItem, b: ActionItem): number {
  // Missing due dates and titles also go last in tie-breaks.
  if (compare === byDue && (a.due === '') !== (b.due === '')) return a.due === '' ? 1 : -1;
  if (compare === byTitle && (a.title.trim() === '') !== (b.title.trim() === '')) return a.title.trim() === '' ? 1 : -1;
  return compare(a, b);
}

// ---- summary ----

export interface ActionCounts {
  total: number;
  /** Open or in progress. */
  open: number;
  overdue: number;
  done: number;
  wontDo: number;
}

/** The counts shown above the list, over all actions (not only the filtered ones). */
export function countActions(actions: readonly ActionItem[], today: string): ActionCounts {
  const counts: ActionCounts = { total: actions.length, open: 0, overdue: 0, done: 0, wontDo: 0 };
  for (const action of actions) {
    if (action.status === 'done') counts.done++;
    else if (action.status === 'wont-do') counts.wontDo++;
    else counts.open++;
    if (isOverdue(action, today)) counts.overdue++;
  }
  return counts;
}

// ---- stable display order ----

/**
 * The order to show while the viewer is editing inside the list: rows keep their places (a row
 * jumping away under the caret, or vanishing because it stopped matching a filter, loses the
 * viewer's focus), removed rows drop out, and rows that newly appear are appended.
 */
export function keepOrder(
  previous: readonly string[],
  next: readonly string[],
  existing: ReadonlySet<string>,
): string[] {
  const kept = previous.filter((id) => existing.has(id));
  const seen = new Set(kept);
  for (const id of next) if (!seen.has(id)) kept.push(id);
  return kept;
}

/** Reuses `previous` when `next` holds the same values, so memoised rows skip re-rendering. */
export function sameAction(previous: ActionItem, next: ActionItem): boolean {
  return (
    previous.id === next.id &&
    previous.title === next.title &&
    previous.owner === next.owner &&
    previous.due === next.due &&
    previous.status === next.status &&
    previous.priority === next.priority &&
    previous.type === next.type &&
    previous.weakness === next.weakness &&
    sameIds(previous.findingIds, next.findingIds) &&
    sameIds(previous.rootCauseIds, next.rootCauseIds)
  );
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => b[index] === id);
}

/**
 * Runs a write that may name something another person removed a moment ago (an action, a finding,
 * a candidate): that refusal is dropped, since the list catches up on the next read.
 */
export function unlessRemoved(write: () => void): void {
  try {
    write();
  } catch (error) {
    if (!(error instanceof ReviewInputError)) throw error;
  }
}
