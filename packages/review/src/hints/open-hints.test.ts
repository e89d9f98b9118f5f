import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addAction } from '../actions';
import { EVENT_REF_ATTR, EVENT_REF_NODE } from '../citations';
import { addEventContext, eventContextText } from '../event-context';
import { addFinding } from '../findings';
import { narrativeFragment } from '../narrative';
import { promoteToRootCause, updateRootCause } from '../root-causes';
import { newReview } from '../testing/docs';
import { addTimelineEvent } from '../timeline';
import { blamelessHints } from './engine';
import { countOpenHints, hintedTexts, NARRATIVE_LEAF } from './open-hints';

const BLAME = 'Dave broke prod.';
const NEUTRAL = 'The health check failed to detect the stale pool.';

/** A review with blaming words in every part, and neutral ones beside them. */
function blamingReview() {
  const doc = newReview();
  const event = addTimelineEvent(doc, { at: '2026-03-14T10:02:00Z', kind: 'decision', text: NEUTRAL });
  addEventContext(doc, event);
  eventContextText(doc, event, 'known')!.insert(0, 'Kofi forgot to page the database team.');
  addTimelineEvent(doc, { at: '2026-03-14T10:05:00Z', kind: 'action', text: 'It was human error.' });
  const finding = addFinding(doc, { category: 'went-wrong', text: BLAME });
  addFinding(doc, { category: 'went-well', text: NEUTRAL });
  const neutral = addFinding(doc, { category: 'went-wrong', text: 'Deploys skip the canary' });
  promoteToRootCause(doc, { kind: 'finding', id: finding });
  const accepted = promoteToRootCause(doc, { kind: 'finding', id: neutral });
  updateRootCause(doc, accepted, { acceptedRisk: 'They should have known better.' });
  addAction(doc, { title: 'Tell Dave to be less careless' });
  addAction(doc, { title: 'Alert on the pool size' });
  const paragraph = new Y.XmlElement('paragraph');
  const before = new Y.XmlText();
  before.insert(0, 'If only Dave had checked ');
  const citation = new Y.XmlElement(EVENT_REF_NODE);
  citation.setAttribute(EVENT_REF_ATTR, event);
  const after = new Y.XmlText();
  after.insert(0, ' the dashboard.');
  paragraph.insert(0, [before, citation, after]);
  const list = new Y.XmlElement('bulletList');
  const item = new Y.XmlElement('listItem');
  const nested = new Y.XmlElement('paragraph');
  nested.insert(0, [new Y.XmlText(BLAME)]);
  item.insert(0, [nested]);
  list.insert(0, [item]);
  narrativeFragment(doc, 'detection').insert(0, [paragraph, list]);
  return doc;
}

describe('open hints per part of the review', () => {
  it('reads the texts writers see hints on, narrative blocks as the editor does', () => {
    const texts = hintedTexts(blamingReview());
    expect(texts.timeline).toContain('Kofi forgot to page the database team.');
    expect(texts.rootCauses).toEqual([BLAME, 'Deploys skip the canary', 'They should have known better.']);
    expect(texts.narrative).toEqual([`If only Dave had checked ${NARRATIVE_LEAF} the dashboard.`, BLAME]);
  });

  it('counts the open hints of each part, and leaves out the ones a writer dismissed', () => {
    const texts = hintedTexts(blamingReview());
    expect(countOpenHints(texts)).toEqual({ timeline: 2, findings: 1, rootCauses: 2, actions: 1, narrative: 2 });
    // this viewer dismissed the hint on "Dave broke prod." (wherever it stands)
    const open = (text: string, hints: ReturnType<typeof blamelessHints>) => (text === BLAME ? [] : hints);
    expect(countOpenHints(texts, open)).toEqual({ timeline: 2, findings: 0, rootCauses: 1, actions: 1, narrative: 1 });
    expect(countOpenHints(hintedTexts(newReview()))).toEqual({
      timeline: 0,
      findings: 0,
      rootCauses: 0,
      actions: 0,
      narrative: 0,
    });
  });
});
