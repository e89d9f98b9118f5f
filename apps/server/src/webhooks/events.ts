import type * as Y from 'yjs';
import type { WebhookEventType } from '@hindsight/protocol';
import {
  isOverdue,
  listActions,
  readControl,
  readMeta,
  readReviewHealth,
  type ActionItem,
  type Severity,
} from '@hindsight/review';

/** An action item's fields that a webhook reports, and whose change it is told of. */
export const NOTIFIED_FIELDS = ['title', 'status', 'owner', 'due', 'progress'] as const;
export type NotifiedField = (typeof NOTIFIED_FIELDS)[number];
export type NotifiedAction = Pick<ActionItem, NotifiedField>;

/**
 * What the webhooks of a review were last told (kept in the database, see WebhookStore): the
 * review's status, each action's notified fields, and the due date each action was reported
 * overdue for. The next diff compares the document against it, on whichever instance runs it.
 */
export interface NotifiedState {
  status: 'live' | 'closed';
  actions: Record<string, NotifiedAction>;
  overdue: Record<string, string>;
}

/** The parts of a review document the events are made of. */
export interface ReviewView {
  review: { id: string; title: string; severity: Severity };
  status: 'live' | 'closed';
  closedAt: string | null;
  actions: Array<NotifiedAction & { id: string }>;
  /** The review health gaps, computed only when a close is reported. */
  gaps(): string[];
}

/** One event to deliver: its type and the body's fields beside `id`, `type` and `createdAt`. */
export interface WebhookEvent {
  type: WebhookEventType;
  payload: Record<string, unknown>;
}

/** The review as the webhook events see it. */
export function readReviewView(reviewId: string, doc: Y.Doc): ReviewView {
  const control = readControl(doc);
  const { title, severity } = readMeta(doc);
  return {
    review: { id: reviewId, title, severity },
    status: control.status === 'closed' ? 'closed' : 'live',
    closedAt: control.closedAt ?? null,
    actions: listActions(doc).map(({ id, title, status, owner, due, progress }) => ({
      id,
      title,
      status,
      owner,
      due,
      progress,
    })),
    // Held anonymous findings are published before a close, so that check is left out (null).
    gaps: () => readReviewHealth(doc, null).checks.flatMap((check) => check.gaps),
  };
}

/** The state to start from when a review gets its first webhook: what it is now, nothing reported overdue. */
export function baselineState(view: ReviewView): NotifiedState {
  return { status: view.status, actions: notifiedActions(view), overdue: {} };
}

/**
 * The events between what was last notified and the review now, and the state to remember. Many
 * edits to one action since the last diff make one `action.changed` listing every field that
 * differs; an action is reported overdue once per due date (`today`: YYYY-MM-DD, UTC), and again
 * only if its due date changes and passes too. A new action is reported with `changed: ["created"]`;
 * a removed one is forgotten silently.
 */
export function diffReview(
  previous: NotifiedState,
  view: ReviewView,
  today: string,
): { state: NotifiedState; events: WebhookEvent[] } {
  const events: WebhookEvent[] = [];
  const review = view.review;
  for (const action of view.actions) {
    const before = previous.actions[action.id];
    const changed = before ? NOTIFIED_FIELDS.filter((field) => before[field] !== action[field]) : ['created'];
    if (changed.length > 0) events.push({ type: 'action.changed', payload: { review, action, changed } });
  }
  const overdue: Record<string, string> = {};
  for (const action of view.actions) {
    const reported = previous.overdue[action.id] === action.due;
    if (reported || isOverdue(action, today)) overdue[action.id] = action.due;
    if (!reported && isOverdue(action, today)) events.push({ type: 'action.overdue', payload: { review, action } });
  }
  if (previous.status !== 'closed' && view.status === 'closed') {
    events.push({ type: 'review.closed', payload: { review, closedAt: view.closedAt, gaps: view.gaps() } });
  }
  // Reported overdue once per due date: remembered while the action keeps that date (done and
  // reopened, it is not reported again); a new date that passes is reported anew.
  return { state: { status: view.status, actions: notifiedActions(view), overdue }, events };
}

/** Today's date in UTC (YYYY-MM-DD), the zone overdue events are judged in. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function notifiedActions(view: ReviewView): Record<string, NotifiedAction> {
  return Object.fromEntries(
    view.actions.map(({ id, title, status, owner, due, progress }) => [id, { title, status, owner, due, progress }]),
  );
}
