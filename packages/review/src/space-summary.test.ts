import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction } from './actions';
import { closeReview } from './control';
import { addFinding, updateFinding } from './findings';
import { addGroup } from './groups';
import { setKeyTime } from './meta';
import { narrativeFragment } from './narrative';
import { promoteToRootCause, updateRootCause } from './root-causes';
import { reviewSearchText, reviewSummary } from './space-summary';
import { newReview } from './testing/docs';
import { addTimelineEvent } from './timeline';
import { publishAnonymousFindings } from './anonymous';

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

describe('reviewSummary', () => {
  it('reads the header, durations, weaknesses and actions of a review', () => {
    const doc = newReview('Checkout outage');
    setKeyTime(doc, 'started', '2026-03-14T10:00:00Z');
    setKeyTime(doc, 'detected', '2026-03-14T10:12:00Z');
    setKeyTime(doc, 'resolved', '2026-03-14T11:30:30Z');
    const finding = addFinding(doc, { category: 'went-wrong', text: 'No alert on pool exhaustion', author: 'Priya' });
    updateFinding(doc, finding, { weakness: 'monitoring-alerting' });
    const other = addFinding(doc, { category: 'went-wrong', text: 'Rollback took 40 minutes' });
    const rootCause = promoteToRootCause(doc, { kind: 'finding', id: other });
    updateRootCause(doc, rootCause, { weakness: 'deployment-rollback' });
    addAction(doc, { title: 'Alert on pool size', owner: 'Sam', due: '2026-04-01', weakness: 'monitoring-alerting' });
    closeReview(doc, { by: 'Priya', at: '2026-03-20T09:00:00Z' });

    const summary = reviewSummary(doc);
    expect(summary).toMatchObject({
      title: 'Checkout outage',
      severity: 'SEV3',
      status: 'closed',
      closedAt: '2026-03-20T09:00:00.000Z',
      startedAt: '2026-03-14T10:00:00.000Z',
      resolvedAt: '2026-03-14T11:30:30.000Z',
      toDetectMinutes: 12,
      toResolveMinutes: 91,
      weaknesses: ['monitoring-alerting', 'deployment-rollback'],
      rootCauseWeaknesses: ['deployment-rollback'],
    });
    expect(summary.actions).toEqual([
      expect.objectContaining({ title: 'Alert on pool size', owner: 'Sam', due: '2026-04-01', status: 'open' }),
    ]);
    // Never an author: Priya wrote a finding and closed the review.
    expect(JSON.stringify(summary)).not.toContain('Priya');
  });

  it('has no times, durations or closing of a fresh review', () => {
    expect(reviewSummary(newReview('Fresh'))).toMatchObject({
      status: 'live',
      closedAt: null,
      startedAt: null,
      toDetectMinutes: null,
      toResolveMinutes: null,
      weaknesses: [],
      actions: [],
    });
  });
});

describe('reviewSearchText', () => {
  it('lists every searchable text by section, and no author, source or editor', () => {
    const doc = newReview('Payment errors in EU');
    const finding = addFinding(doc, { category: 'went-wrong', text: 'Pool timeout was 3s', author: 'Priya' });
    updateFinding(doc, finding, { text: 'Pool idle timeout was 3s' }, { editor: 'Jordan' });
    const grouped = addFinding(doc, { category: 'went-wrong', text: 'Config review skipped' });
    const group = addGroup(doc, 'Config changes', [grouped]);
    promoteToRootCause(doc, { kind: 'group', id: group });
    const promoted = addFinding(doc, { category: 'contributing-factor', text: 'No canary for config' });
    promoteToRootCause(doc, { kind: 'finding', id: promoted });
    addTimelineEvent(doc, {
      at: '2026-03-14T10:00:00Z',
      kind: 'detection',
      text: 'Alert fires',
      source: 'pager · Chen Li',
    });
    narrativeFragment(doc, 'impact').insert(0, [paragraph('38% of EU payments failed')]);
    addAction(doc, { title: 'Canary config pushes', owner: 'Sam' });

    const texts = reviewSearchText(doc);
    expect(texts).toEqual([
      { section: 'title', text: 'Payment errors in EU' },
      { section: 'finding', text: 'Pool idle timeout was 3s' },
      { section: 'finding', text: 'Config review skipped' },
      { section: 'root-cause', text: 'No canary for config' },
      { section: 'root-cause', text: 'Config changes' },
      { section: 'timeline', text: 'Alert fires' },
      { section: 'narrative', text: '38% of EU payments failed' },
      { section: 'action', text: 'Canary config pushes' },
    ]);
    const all = JSON.stringify(texts);
    for (const name of ['Priya', 'Jordan', 'Chen Li', 'Sam']) expect(all).not.toContain(name);
  });

  it('holds an anonymous finding only once it is published into the document', () => {
    const doc = newReview('Held');
    // Held findings live on the server until the reveal; the document has nothing of them.
    expect(reviewSearchText(doc).map((entry) => entry.text)).toEqual(['Held']);
    publishAnonymousFindings(doc, [
      { id: 'anon-1', category: 'went-wrong', text: 'Nobody owned the pager', createdAt: '2026-03-14T10:00:00Z' },
    ]);
    expect(reviewSearchText(doc)).toContainEqual({ section: 'finding', text: 'Nobody owned the pager' });
  });
});
