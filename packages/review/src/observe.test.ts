import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, updateFinding } from './findings';
import { setSeverity, setTitle } from './meta';
import { narrativeFragment } from './narrative';
import { observeReview } from './observe';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { addTimelineEvent } from './timeline';

describe('observeReview', () => {
  it('calls back for changes to every part of the review, including nested text', () => {
    const doc = newReview();
    const id = addFinding(doc, { category: 'lucky', text: 'x' });
    let calls = 0;
    observeReview(doc, () => calls++);
    setSeverity(doc, 'SEV1');
    setTitle(doc, 'new title');
    addTimelineEvent(doc, { at: '2024-05-01T12:00:00Z', kind: 'other', text: 'x' });
    updateFinding(doc, id, { text: 'xy' });
    narrativeFragment(doc, 'impact').insert(0, [new Y.XmlText('impact')]);
    expect(calls).toBe(5);
  });

  it('calls back once for a transaction that touches several roots', () => {
    const doc = newReview();
    let calls = 0;
    observeReview(doc, () => calls++);
    doc.transact(() => {
      setSeverity(doc, 'SEV2');
      addFinding(doc, { category: 'lucky', text: 'x' });
      narrativeFragment(doc, 'summary').insert(0, [new Y.XmlText('s')]);
    });
    expect(calls).toBe(1);
  });

  it('calls back for remote updates and stops after unsubscribing', () => {
    const local = newReview();
    const remote = replicaOf(local);
    const origins: unknown[] = [];
    const unsubscribe = observeReview(local, (transaction) => origins.push(transaction.local));
    setSeverity(remote, 'SEV1');
    syncAll(local, remote);
    expect(origins).toEqual([false]);
    unsubscribe();
    setSeverity(local, 'SEV2');
    expect(origins).toHaveLength(1);
  });
});
