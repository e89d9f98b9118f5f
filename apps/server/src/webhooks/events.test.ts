import { describe, expect, it } from 'vitest';
import { addAction, closeReview, removeAction, reopenReview, updateAction } from '@hindsight/review';
import { newReview } from '@hindsight/review/testing';
import { baselineState, diffReview, readReviewView, utcToday } from './events';

const TODAY = '2026-12-07';

describe('webhook event diffing', () => {
  it('reports nothing for the state it starts from', () => {
    const doc = newReview('Checkout outage');
    addAction(doc, { title: 'Add a canary', due: '2026-01-01' });
    const view = readReviewView('r1', doc);
    expect(diffReview(baselineState(view), view, TODAY).events.map((e) => e.type)).toEqual(['action.overdue']);
    const { state } = diffReview(baselineState(view), view, TODAY);
    expect(diffReview(state, readReviewView('r1', doc), TODAY).events).toEqual([]);
  });

  it('coalesces many edits of one action into one action.changed listing every field that differs', () => {
    const doc = newReview();
    const id = addAction(doc, { title: 'Add a canary' });
    const start = baselineState(readReviewView('r1', doc));
    // Typing a progress note, keystroke by keystroke, then an owner and a status.
    for (const note of ['C', 'Ca', 'Can', 'Canary on 5 %']) updateAction(doc, id, { progress: note });
    updateAction(doc, id, { owner: 'Platform team', status: 'in-progress' });
    const { events } = diffReview(start, readReviewView('r1', doc), TODAY);
    expect(events).toEqual([
      {
        type: 'action.changed',
        payload: {
          review: { id: 'r1', title: 'Checkout outage', severity: 'SEV3' },
          action: {
            id,
            title: 'Add a canary',
            status: 'in-progress',
            owner: 'Platform team',
            due: '',
            progress: 'Canary on 5 %',
          },
          changed: ['status', 'owner', 'progress'],
        },
      },
    ]);
  });

  it('reports a new action as created, forgets a removed one, and an edit changed back as no change', () => {
    const doc = newReview();
    const kept = addAction(doc, { title: 'Keep' });
    const removed = addAction(doc, { title: 'Remove' });
    const start = baselineState(readReviewView('r1', doc));
    const added = addAction(doc, { title: 'New' });
    removeAction(doc, removed);
    updateAction(doc, kept, { owner: 'Sam' });
    updateAction(doc, kept, { owner: '' });
    const { state, events } = diffReview(start, readReviewView('r1', doc), TODAY);
    expect(events.map((e) => [e.type, (e.payload.action as { id: string }).id, e.payload.changed])).toEqual([
      ['action.changed', added, ['created']],
    ]);
    expect(Object.keys(state.actions).sort()).toEqual([kept, added].sort());
  });

  it('reports an action overdue once per due date (UTC), not when done, and again for a new date that passes', () => {
    const doc = newReview();
    const id = addAction(doc, { title: 'Rotate keys' });
    let state = baselineState(readReviewView('r1', doc));
    const step = (today = TODAY) => {
      const result = diffReview(state, readReviewView('r1', doc), today);
      state = result.state;
      return result.events.map((e) => e.type);
    };
    updateAction(doc, id, { due: '2026-12-07' });
    expect(step()).toEqual(['action.changed']); // due today: not overdue yet
    expect(step('2026-12-08')).toEqual(['action.overdue']);
    expect(step('2026-12-09')).toEqual([]);
    updateAction(doc, id, { status: 'done' });
    expect(step('2026-12-09')).toEqual(['action.changed']);
    updateAction(doc, id, { status: 'open' });
    expect(step('2026-12-09')).toEqual(['action.changed']); // same date: reported once
    updateAction(doc, id, { due: '2026-12-08' });
    expect(step('2026-12-09')).toEqual(['action.changed', 'action.overdue']);
  });

  it('reports review.closed with the health gaps when the review closes, and again after a reopen and close', () => {
    const doc = newReview('DNS outage');
    addAction(doc, { title: 'Write the runbook' });
    let state = baselineState(readReviewView('r1', doc));
    closeReview(doc, { by: 'Ana', at: '2026-12-07T10:00:00.000Z' });
    let result = diffReview(state, readReviewView('r1', doc), TODAY);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]!.type).toBe('review.closed');
    expect(result.events[0]!.payload).toMatchObject({
      review: { id: 'r1', title: 'DNS outage', severity: 'SEV3' },
      closedAt: '2026-12-07T10:00:00.000Z',
    });
    expect(result.events[0]!.payload.gaps).toContain('“Write the runbook” has no owner and no due date');
    state = result.state;
    expect(diffReview(state, readReviewView('r1', doc), TODAY).events).toEqual([]);
    reopenReview(doc);
    state = diffReview(state, readReviewView('r1', doc), TODAY).state;
    closeReview(doc, { by: 'Ana', at: '2026-12-07T11:00:00.000Z' });
    result = diffReview(state, readReviewView('r1', doc), TODAY);
    expect(result.events.map((e) => e.type)).toEqual(['review.closed']);
  });

  it('takes today in UTC', () => {
    expect(utcToday(new Date('2026-12-07T23:30:00-05:00'))).toBe('2026-12-08');
  });
});
