import type { SpaceAction, SpaceReviewSummary, SpaceSearchQuery, SpaceWeaknessesResponse } from '@hindsight/protocol';
import { csvCell, WEAKNESS_LABELS, WEAKNESSES, type ReviewSummaryData } from '@hindsight/review';

/**
 * What a space shows, computed from its reviews' index entries alone (no document is loaded): the
 * review list and its filters, the follow-up table across reviews and its CSV, and the recurring
 * weaknesses. Pure, so each is tested on plain data.
 */

/** A review of the space with its summary. */
export interface IndexedReview {
  reviewId: string;
  createdAt: string;
  summary: ReviewSummaryData;
}

/** A review as the space lists it; `link` opens it with the caller's space token (read-only). */
export function summaryView(review: IndexedReview, link: string): SpaceReviewSummary {
  const { summary } = review;
  return {
    id: review.reviewId,
    title: summary.title,
    severity: summary.severity,
    status: summary.status === 'closed' ? 'closed' : 'open',
    createdAt: review.createdAt,
    closedAt: summary.closedAt,
    startedAt: summary.startedAt,
    resolvedAt: summary.resolvedAt,
    durations: { toDetectMinutes: summary.toDetectMinutes, toResolveMinutes: summary.toResolveMinutes },
    weaknesses: summary.weaknesses,
    link,
  };
}

/** The day a review counts on (the date filters, the weakness chart): when the incident started, else when the review was created. */
export function reviewDay(review: IndexedReview): string {
  return (review.summary.startedAt ?? review.createdAt).slice(0, 10);
}

/** Whether a review passes the search's filters (severity, weakness, and a day range, both ends included). */
export function passesFilters(review: IndexedReview, filters: Omit<SpaceSearchQuery, 'q'>): boolean {
  const day = reviewDay(review);
  return (
    (filters.severity === undefined || review.summary.severity === filters.severity) &&
    (filters.weakness === undefined || review.summary.weaknesses.includes(filters.weakness)) &&
    (filters.from === undefined || day >= filters.from) &&
    (filters.to === undefined || day <= filters.to)
  );
}

/** Whether an action is still to do (open or in progress). */
function isOpen(status: string): boolean {
  return status === 'open' || status === 'in-progress';
}

/**
 * Every action item of the space's reviews: overdue first (still to do and due before `today`,
 * YYYY-MM-DD), then by due date, those without one last; reviews newest first, board order within one.
 */
export function spaceActions(
  reviews: readonly IndexedReview[],
  today: string,
  linkOf: (reviewId: string) => string,
): SpaceAction[] {
  const rows = reviews.flatMap((review) =>
    review.summary.actions.map((action) => ({
      reviewId: review.reviewId,
      reviewTitle: review.summary.title,
      actionId: action.id,
      title: action.title,
      owner: action.owner,
      due: action.due,
      status: action.status,
      priority: action.priority,
      type: action.type,
      overdue: isOpen(action.status) && action.due !== '' && action.due < today,
      link: linkOf(review.reviewId),
    })),
  );
  const rank = (row: SpaceAction) => (row.overdue ? 0 : row.due !== '' ? 1 : 2);
  // Array#sort is stable: equal rows keep the reviews' and the board's order.
  return rows.sort((a, b) => rank(a) - rank(b) || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** Columns of the space's follow-up CSV. */
const ACTION_COLUMNS = ['review', 'title', 'owner', 'due', 'status', 'priority', 'type', 'overdue', 'link'] as const;

/** The follow-up table as RFC 4180 CSV (CRLF, a header row; formula-like cells prefixed with `'`). */
export function spaceActionsCsv(actions: readonly SpaceAction[]): string {
  const rows = actions.map((row) => [
    row.reviewTitle,
    row.title,
    row.owner,
    row.due,
    row.status,
    row.priority,
    row.type,
    row.overdue ? 'yes' : 'no',
    row.link,
  ]);
  return [[...ACTION_COLUMNS], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Per weakness named at least once: how many reviews and root causes name it, its open actions,
 * and the reviews naming it per month (of `reviewDay`), in taxonomy order.
 */
export function spaceWeaknesses(reviews: readonly IndexedReview[]): SpaceWeaknessesResponse {
  const weaknesses = WEAKNESSES.flatMap((weakness) => {
    const naming = reviews.filter((review) => review.summary.weaknesses.includes(weakness));
    if (naming.length === 0) return [];
    const byMonth = new Map<string, number>();
    for (const review of naming) {
      const month = reviewDay(review).slice(0, 7);
      byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
    }
    return [
      {
        weakness,
        label: WEAKNESS_LABELS[weakness],
        reviews: naming.length,
        rootCauses: reviews.reduce(
          (n, review) => n + review.summary.rootCauseWeaknesses.filter((named) => named === weakness).length,
          0,
        ),
        openActions: reviews.reduce(
          (n, review) =>
            n + review.summary.actions.filter((action) => action.weakness === weakness && isOpen(action.status)).length,
          0,
        ),
        byMonth: [...byMonth].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, count]) => ({ month, reviews: count })),
      },
    ];
  });
  return { weaknesses, reviewCount: reviews.length };
}
