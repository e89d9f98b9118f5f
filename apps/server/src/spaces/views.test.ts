import { describe, expect, it } from 'vitest';
import type { ReviewSummaryData, SummaryAction } from '@hindsight/review';
import { passesFilters, reviewDay, spaceActions, spaceActionsCsv, spaceWeaknesses, type IndexedReview } from './views';

function action(title: string, more: Partial<SummaryAction> = {}): SummaryAction {
  return {
    id: title,
    title,
    owner: '',
    due: '',
    status: 'open',
    priority: 'P2',
    type: 'prevent',
    weakness: null,
    ...more,
  };
}

function review(id: string, createdAt: string, more: Partial<ReviewSummaryData> = {}): IndexedReview {
  return {
    reviewId: id,
    createdAt,
    summary: {
      title: `Review ${id}`,
      severity: 'SEV2',
      status: 'live',
      closedAt: null,
      startedAt: null,
      resolvedAt: null,
      toDetectMinutes: null,
      toResolveMinutes: null,
      weaknesses: [],
      rootCauseWeaknesses: [],
      actions: [],
      ...more,
    },
  };
}

const link = (reviewId: string) => `https://h.example/r/${reviewId}#token=t`;

describe('space views', () => {
  it('filters on severity, weakness and the incident’s day (its start, else the review’s creation), both ends included', () => {
    const started = review('a', '2026-03-20T09:00:00.000Z', {
      severity: 'SEV1',
      startedAt: '2026-02-28T23:30:00.000Z',
      weaknesses: ['capacity'],
    });
    const created = review('b', '2026-03-01T00:00:00.000Z');
    expect(reviewDay(started)).toBe('2026-02-28');
    expect(reviewDay(created)).toBe('2026-03-01');
    expect(passesFilters(started, { severity: 'SEV1', weakness: 'capacity' })).toBe(true);
    expect(passesFilters(started, { severity: 'SEV2' })).toBe(false);
    expect(passesFilters(started, { weakness: 'testing' })).toBe(false);
    expect(passesFilters(started, { from: '2026-02-28', to: '2026-02-28' })).toBe(true);
    expect(passesFilters(started, { from: '2026-03-01' })).toBe(false);
    expect(passesFilters(created, { from: '2026-03-01', to: '2026-03-01' })).toBe(true);
    expect(passesFilters(created, { to: '2026-02-28' })).toBe(false);
  });

  it('lists every action overdue first, then by due date, none last; done and dropped ones are never overdue', () => {
    const reviews = [
      review('new', '2026-03-02T00:00:00.000Z', {
        actions: [
          action('no due'),
          action('due later', { due: '2026-05-01' }),
          action('overdue, in progress', { due: '2026-03-10', status: 'in-progress' }),
        ],
      }),
      review('old', '2026-03-01T00:00:00.000Z', {
        actions: [
          action('done long ago', { due: '2026-01-01', status: 'done' }),
          action('overdue', { due: '2026-02-01' }),
          action('due today', { due: '2026-04-01' }),
          action('dropped', { due: '2026-01-05', status: 'wont-do' }),
        ],
      }),
    ];
    const rows = spaceActions(reviews, '2026-04-01', link);
    expect(rows.map((row) => [row.title, row.overdue])).toEqual([
      ['overdue', true],
      ['overdue, in progress', true],
      ['done long ago', false],
      ['dropped', false],
      ['due today', false],
      ['due later', false],
      ['no due', false],
    ]);
    expect(rows[0]).toMatchObject({ reviewId: 'old', reviewTitle: 'Review old', link: link('old') });
  });

  it('writes the follow-up table as RFC 4180 CSV with formula-like cells defused', () => {
    const rows = spaceActions(
      [
        review('a', '2026-03-01T00:00:00.000Z', {
          title: 'Checkout, "EU"',
          actions: [action('=SUM(A1)', { owner: '+Sam' })],
        }),
      ],
      '2026-04-01',
      link,
    );
    expect(spaceActionsCsv(rows)).toBe(
      'review,title,owner,due,status,priority,type,overdue,link\r\n' +
        `"Checkout, ""EU""",'=SUM(A1),'+Sam,,open,P2,prevent,no,${link('a')}\r\n`,
    );
  });

  it('counts each weakness named at least once: reviews, root causes, open actions and reviews per month', () => {
    const reviews = [
      review('a', '2026-01-15T00:00:00.000Z', {
        weaknesses: ['deployment-rollback', 'testing'],
        rootCauseWeaknesses: ['deployment-rollback', 'deployment-rollback'],
        actions: [
          action('Canary', { weakness: 'deployment-rollback' }),
          action('Rollback drill', { weakness: 'deployment-rollback', status: 'done' }),
        ],
      }),
      review('b', '2026-02-03T00:00:00.000Z', {
        startedAt: '2026-01-31T22:00:00.000Z',
        weaknesses: ['deployment-rollback'],
        actions: [action('Flag', { weakness: 'deployment-rollback', status: 'in-progress' })],
      }),
      review('c', '2026-02-10T00:00:00.000Z', { weaknesses: ['deployment-rollback'] }),
      review('d', '2026-02-11T00:00:00.000Z'),
    ];
    expect(spaceWeaknesses(reviews)).toEqual({
      weaknesses: [
        {
          weakness: 'testing',
          label: 'Testing',
          reviews: 1,
          rootCauses: 0,
          openActions: 0,
          byMonth: [{ month: '2026-01', reviews: 1 }],
        },
        {
          weakness: 'deployment-rollback',
          label: 'Deployment and rollback',
          reviews: 3,
          rootCauses: 2,
          openActions: 2,
          byMonth: [
            { month: '2026-01', reviews: 2 },
            { month: '2026-02', reviews: 1 },
          ],
        },
      ],
      reviewCount: 4,
    });
  });
});
