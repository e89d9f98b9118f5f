import { describe, expect, it } from 'vitest';
import type { ActionItem } from '@hindsight/review';
import {
  countActions,
  daysBetween,
  dueState,
  filterActions,
  formatDueDate,
  isOverdue,
  keepOrder,
  localDateKey,
  NO_FILTER,
  ownersOf,
  sameAction,
  sortActions,
} from './action-view';

function action(id: string, fields: Partial<ActionItem> = {}): ActionItem {
  return {
    id,
    title: id,
    owner: '',
    due: '',
    status: 'open',
    priority: 'P2',
    progress: '',
    type: 'prevent',
    findingIds: [],
    rootCauseIds: [],
    ...fields,
  };
}

const TODAY = '2025-03-10';

describe('overdue', () => {
  it('is a due date before today for an open or in-progress action', () => {
    expect(isOverdue(action('a', { due: '2025-03-09' }), TODAY)).toBe(true);
    expect(isOverdue(action('a', { due: '2025-03-09', status: 'in-progress' }), TODAY)).toBe(true);
  });

  it('is never today, the future, no date, or a finished action', () => {
    expect(isOverdue(action('a', { due: TODAY }), TODAY)).toBe(false);
    expect(isOverdue(action('a', { due: '2025-04-01' }), TODAY)).toBe(false);
    expect(isOverdue(action('a', { due: '' }), TODAY)).toBe(false);
    expect(isOverdue(action('a', { due: '2020-01-01', status: 'done' }), TODAY)).toBe(false);
    expect(isOverdue(action('a', { due: '2020-01-01', status: 'wont-do' }), TODAY)).toBe(false);
  });

  it("takes today from the viewer's local calendar, not UTC", () => {
    // 23:30 local on 9 March is still the 9th here, whatever the UTC date is.
    expect(localDateKey(new Date(2025, 2, 9, 23, 30))).toBe('2025-03-09');
    expect(localDateKey(new Date(2025, 0, 1, 0, 5))).toBe('2025-01-01');
  });

  it('counts calendar days across a daylight-saving change', () => {
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(daysBetween('2025-03-10', '2025-03-07')).toBe(-3);
  });

  it('describes where a due date stands', () => {
    expect(dueState(action('a', { due: '2025-03-07' }), TODAY)).toEqual({ kind: 'overdue', days: 3 });
    expect(dueState(action('a', { due: TODAY }), TODAY)).toEqual({ kind: 'today' });
    expect(dueState(action('a', { due: '2025-03-12' }), TODAY)).toEqual({ kind: 'soon', days: 2 });
    expect(dueState(action('a', { due: '2025-05-01' }), TODAY)).toMatchObject({ kind: 'later' });
    expect(dueState(action('a', { due: '2025-03-01', status: 'done' }), TODAY)).toEqual({ kind: 'finished' });
    expect(dueState(action('a'), TODAY)).toEqual({ kind: 'none' });
  });

  it('formats a due date as that calendar date in any zone', () => {
    expect(formatDueDate('2025-03-01', 'en-GB')).toBe('1 Mar 2025');
    expect(formatDueDate('', 'en-GB')).toBe('');
  });
});

describe('filterActions', () => {
  const list = [
    action('a', { title: 'Lower the alert threshold', owner: 'Dana', due: '2025-03-01', type: 'mitigate' }),
    action('b', { title: 'Add a canary stage', owner: 'Sam', status: 'in-progress', due: '2025-04-01' }),
    action('c', {
      title: 'Write the rollback runbook',
      owner: ' Dana ',
      status: 'done',
      due: '2025-03-01',
      type: 'process',
    }),
    action('d', { title: 'Réviser la procédure', status: 'wont-do' }),
  ];
  const ids = (items: ActionItem[]) => items.map((item) => item.id);

  it('keeps everything with no filter', () => {
    expect(ids(filterActions(list, NO_FILTER, TODAY))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('filters by one status or by everything unfinished', () => {
    expect(ids(filterActions(list, { ...NO_FILTER, status: 'done' }, TODAY))).toEqual(['c']);
    expect(ids(filterActions(list, { ...NO_FILTER, status: 'unfinished' }, TODAY))).toEqual(['a', 'b']);
  });

  it('filters by type, by owner (trimmed) and by no owner', () => {
    expect(ids(filterActions(list, { ...NO_FILTER, type: 'process' }, TODAY))).toEqual(['c']);
    expect(ids(filterActions(list, { ...NO_FILTER, owner: 'Dana' }, TODAY))).toEqual(['a', 'c']);
    expect(ids(filterActions(list, { ...NO_FILTER, owner: '' }, TODAY))).toEqual(['d']);
  });

  it('keeps only overdue actions when asked', () => {
    expect(ids(filterActions(list, { ...NO_FILTER, overdueOnly: true }, TODAY))).toEqual(['a']);
  });

  it('searches title and owner by every word, ignoring case and accents', () => {
    expect(ids(filterActions(list, { ...NO_FILTER, query: 'CANARY sam' }, TODAY))).toEqual(['b']);
    expect(ids(filterActions(list, { ...NO_FILTER, query: 'reviser' }, TODAY))).toEqual(['d']);
    expect(ids(filterActions(list, { ...NO_FILTER, query: '  dana ' }, TODAY))).toEqual(['a', 'c']);
  });

  it('combines filters', () => {
    expect(ids(filterActions(list, { ...NO_FILTER, owner: 'Dana', status: 'unfinished' }, TODAY))).toEqual(['a']);
  });

  it('lists distinct owners for the owner menu', () => {
    expect(ownersOf(list)).toEqual(['Dana', 'Sam']);
  });
});

describe('sortActions', () => {
  const list = [
    action('a', { title: 'beta', due: '2025-03-05', priority: 'P3', status: 'done' }),
    action('b', { title: 'Alpha', due: '', priority: 'P1', status: 'open' }),
    action('c', { title: 'gamma', due: '2025-03-01', priority: 'P2', status: 'wont-do' }),
    action('d', { title: '', due: '2025-03-05', priority: 'P1', status: 'in-progress' }),
  ];
  const ids = (items: ActionItem[]) => items.map((item) => item.id);

  it('sorts by due date, finished actions and then those without a date last in either direction', () => {
    const dated = [
      action('x', { due: '2025-03-05' }),
      action('y', { due: '2025-03-01' }),
      action('z', { due: '' }),
      action('w', { due: '2025-02-01', status: 'done' }),
      action('v', { due: '2025-03-03', status: 'in-progress' }),
    ];
    expect(ids(sortActions(dated, { key: 'due', direction: 'asc' }))).toEqual(['y', 'v', 'x', 'w', 'z']);
    expect(ids(sortActions(dated, { key: 'due', direction: 'desc' }))).toEqual(['x', 'v', 'y', 'w', 'z']);
  });

  it('sorts by priority, P1 first, ties by due date', () => {
    expect(ids(sortActions(list, { key: 'priority', direction: 'asc' }))).toEqual(['d', 'b', 'c', 'a']);
  });

  it('sorts by status in workflow order', () => {
    expect(ids(sortActions(list, { key: 'status', direction: 'asc' }))).toEqual(['b', 'd', 'a', 'c']);
    expect(ids(sortActions(list, { key: 'status', direction: 'desc' }))).toEqual(['c', 'a', 'd', 'b']);
  });

  it('sorts by title case-insensitively, untitled last', () => {
    expect(ids(sortActions(list, { key: 'title', direction: 'asc' }))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('orders numbers in titles naturally and breaks full ties by id', () => {
    const numbered = [
      action('z', { title: 'Step 10' }),
      action('y', { title: 'Step 2' }),
      action('x', { title: 'step 2' }),
    ];
    expect(ids(sortActions(numbered, { key: 'title', direction: 'asc' }))).toEqual(['x', 'y', 'z']);
  });

  it('does not change its input', () => {
    const copy = [...list];
    sortActions(list, { key: 'title', direction: 'desc' });
    expect(list).toEqual(copy);
  });
});

describe('countActions', () => {
  it('counts open (incl. in progress), overdue, done and won’t do', () => {
    const list = [
      action('a', { due: '2025-03-01' }),
      action('b', { status: 'in-progress' }),
      action('c', { status: 'done', due: '2025-03-01' }),
      action('d', { status: 'wont-do' }),
    ];
    expect(countActions(list, TODAY)).toEqual({ total: 4, open: 2, overdue: 1, done: 1, wontDo: 1 });
  });
});

describe('keepOrder', () => {
  it('keeps rows in place, drops removed ones and appends new ones', () => {
    expect(keepOrder(['a', 'b', 'c'], ['c', 'd', 'a'], new Set(['a', 'c', 'd']))).toEqual(['a', 'c', 'd']);
  });
});

describe('sameAction', () => {
  it('compares every field including the links', () => {
    const base = action('a', { findingIds: ['f1'] });
    expect(sameAction(base, { ...base, findingIds: ['f1'] })).toBe(true);
    expect(sameAction(base, { ...base, findingIds: ['f1', 'f2'] })).toBe(false);
    expect(sameAction(base, { ...base, owner: 'Sam' })).toBe(false);
    expect(sameAction(base, { ...base, rootCauseIds: ['finding:f1'] })).toBe(false);
    expect(sameAction(base, { ...base, weakness: 'testing' })).toBe(false);
  });
});
