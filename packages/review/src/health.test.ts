import { describe, expect, it } from 'vitest';
import { addAction, updateAction } from './actions';
import { addFinding } from './findings';
import { readReviewHealth } from './health';
import { setKeyTime } from './meta';
import { narrativeFragment } from './narrative';
import { promoteToRootCause, updateRootCause } from './root-causes';
import { KEY_TIMES, NARRATIVE_SECTIONS } from './schema';
import { newReview } from './testing/docs';
import * as Y from 'yjs';

function writeNarrative(doc: Y.Doc, section: (typeof NARRATIVE_SECTIONS)[number], text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  narrativeFragment(doc, section).insert(0, [paragraph]);
}

describe('reviewHealth', () => {
  it('lists every gap of an empty-ish review, then passes once each is fixed', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'Deploy skipped the canary' });
    const candidate = promoteToRootCause(doc, { kind: 'finding', id: finding });
    const action = addAction(doc, { title: 'Gate deploys' });
    addAction(doc, { title: 'Dropped idea', status: 'wont-do' });
    setKeyTime(doc, 'started', '2026-03-14T09:00:00Z');

    const before = readReviewHealth(doc, 2);
    expect(before.ok).toBe(false);
    expect(Object.fromEntries(before.checks.map((check) => [check.id, check.gaps]))).toEqual({
      'key-times': ['Detected is not set', 'Mitigated is not set', 'Resolved is not set'],
      narrative: [
        'Summary is empty',
        'Impact is empty',
        'Detection is empty',
        'Resolution is empty',
        'Lessons learned is empty',
      ],
      'root-causes': ['“Deploy skipped the canary” has no action and no accepted risk'],
      actions: ['“Gate deploys” has no owner and no due date'],
      'held-findings': ['2 anonymous findings are held, not revealed'],
    });

    for (const key of KEY_TIMES) setKeyTime(doc, key, '2026-03-14T10:00:00Z');
    for (const section of NARRATIVE_SECTIONS) writeNarrative(doc, section, `${section} text`);
    updateRootCause(doc, candidate, { acceptedRisk: 'Being replaced next quarter' });
    updateAction(doc, action, { owner: 'Ana', due: '2026-04-01' });
    const after = readReviewHealth(doc, 0);
    expect(after.checks.filter((check) => !check.ok)).toEqual([]);
    expect(after.ok).toBe(true);
  });

  it('leaves the held-findings check out when the count is unknown', () => {
    const health = readReviewHealth(newReview(), null);
    expect(health.checks.map((check) => check.id)).toEqual(['key-times', 'narrative', 'root-causes', 'actions']);
  });

  it('names the missing half of an action: owner or due date', () => {
    const doc = newReview();
    addAction(doc, { title: 'Owned', owner: 'Ana' });
    addAction(doc, { title: 'Dated', due: '2026-04-01' });
    expect(readReviewHealth(doc, null).checks.find((check) => check.id === 'actions')!.gaps).toEqual([
      '“Owned” has no due date',
      '“Dated” has no owner',
    ]);
  });
});
