import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addFinding, initReview, narrativeFragment, observeReview } from '@hindsight/review';
import { onlyRichText } from './use-traceability';

describe('onlyRichText', () => {
  it('is true for typing in the narrative, false for anything coverage reads', () => {
    const doc = new Y.Doc();
    initReview(doc, { title: 'Outage' });
    const seen: boolean[] = [];
    const stop = observeReview(doc, (tr) => seen.push(onlyRichText(tr)));
    const paragraph = new Y.XmlElement('paragraph');
    narrativeFragment(doc, 'summary').insert(0, [paragraph]);
    const words = new Y.XmlText();
    paragraph.insert(0, [words]);
    words.insert(0, 'Checkout failed');
    addFinding(doc, { category: 'went-wrong', text: 'No canary' });
    addAction(doc, { title: 'Add a canary' });
    stop();
    expect(seen).toEqual([true, true, true, false, false]);
  });
});
