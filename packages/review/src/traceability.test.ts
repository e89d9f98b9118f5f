import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAction,
  linkActionToFinding,
  linkActionToRootCause,
  listActions,
  unlinkActionFromRootCause,
  updateAction,
} from './actions';
import { actionsArray, rootCausesArray } from './doc';
import { addFinding, listFindings, removeFinding, updateFinding } from './findings';
import { addGroup, removeGroup } from './groups';
import { demoteRootCause, listRootCauses, promoteToRootCause, updateRootCause } from './root-causes';
import { publishAnonymousFindings } from './anonymous';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { ReviewInputError } from './validate';

describe('links from actions to root-cause candidates', () => {
  it('links an action to a finding candidate and a group candidate, once each', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'contributing-factor', text: 'No canary' });
    const member = addFinding(doc, { category: 'went-wrong', text: 'Alert muted' });
    const group = addGroup(doc, 'Alerting', [member]);
    const byFinding = promoteToRootCause(doc, { kind: 'finding', id: finding });
    const byGroup = promoteToRootCause(doc, { kind: 'group', id: group });
    const action = addAction(doc, { title: 'Add a canary stage', rootCauseIds: [byFinding] });
    linkActionToRootCause(doc, action, byGroup);
    linkActionToRootCause(doc, action, byGroup);
    expect(listActions(doc)[0]!.rootCauseIds).toEqual([byFinding, byGroup]);
    unlinkActionFromRootCause(doc, action, byFinding);
    expect(listActions(doc)[0]!.rootCauseIds).toEqual([byGroup]);
  });

  it('refuses a link to a candidate that is not listed, changing nothing', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    const action = addAction(doc, { title: 'Fix' });
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => linkActionToRootCause(doc, action, `finding:${finding}`)).toThrow(ReviewInputError);
    expect(() => addAction(doc, { title: 'Other', rootCauseIds: ['group:nope'] })).toThrow(ReviewInputError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('demoting a candidate, removing its finding or removing its group drops the links to it', () => {
    const doc = newReview();
    const a = addFinding(doc, { category: 'went-wrong', text: 'a' });
    const b = addFinding(doc, { category: 'went-wrong', text: 'b' });
    const member = addFinding(doc, { category: 'went-wrong', text: 'c' });
    const group = addGroup(doc, 'G', [member]);
    const ids = [
      promoteToRootCause(doc, { kind: 'finding', id: a }),
      promoteToRootCause(doc, { kind: 'finding', id: b }),
      promoteToRootCause(doc, { kind: 'group', id: group }),
    ];
    const action = addAction(doc, { title: 'Fix', rootCauseIds: ids });
    demoteRootCause(doc, { kind: 'finding', id: a });
    removeFinding(doc, b);
    removeGroup(doc, group);
    expect(listActions(doc)[0]!.rootCauseIds).toEqual([]);
    // Removed from the stored list too, so a later promotion of the same target starts unlinked.
    const stored = (actionsArray(doc).get(0) as Y.Map<unknown>).get('rootCauseIds') as Y.Array<string>;
    expect(stored.toArray()).toEqual([]);
    promoteToRootCause(doc, { kind: 'finding', id: a });
    expect(listActions(doc).find((entry) => entry.id === action)!.rootCauseIds).toEqual([]);
  });

  it('drops a link made on one replica while the other demotes the candidate, the same on both', () => {
    const a = newReview();
    const finding = addFinding(a, { category: 'contributing-factor', text: 'No canary' });
    const candidate = promoteToRootCause(a, { kind: 'finding', id: finding });
    const action = addAction(a, { title: 'Add a canary stage' });
    const b = replicaOf(a);
    demoteRootCause(a, { kind: 'finding', id: finding });
    linkActionToRootCause(b, action, candidate);
    syncAll(a, b);
    expect(listActions(a)[0]!.rootCauseIds).toEqual([]);
    expect(listActions(b)).toEqual(listActions(a));
    expect(listRootCauses(b)).toEqual([]);
  });

  it('drops a link made on one replica while the other removes the candidate’s group', () => {
    const a = newReview();
    const member = addFinding(a, { category: 'went-wrong', text: 'Alert muted' });
    const group = addGroup(a, 'Alerting', [member]);
    const candidate = promoteToRootCause(a, { kind: 'group', id: group });
    const action = addAction(a, { title: 'Route alerts' });
    const b = replicaOf(a);
    removeGroup(a, group);
    linkActionToRootCause(b, action, candidate);
    syncAll(a, b);
    expect(listActions(a)[0]!.rootCauseIds).toEqual([]);
    expect(listActions(b)).toEqual(listActions(a));
  });

  it('keeps both links when two replicas link one action to two candidates at once, a shared one once', () => {
    const a = newReview();
    const x = addFinding(a, { category: 'went-wrong', text: 'x' });
    const y = addFinding(a, { category: 'went-wrong', text: 'y' });
    const cx = promoteToRootCause(a, { kind: 'finding', id: x });
    const cy = promoteToRootCause(a, { kind: 'finding', id: y });
    const action = addAction(a, { title: 'Fix' });
    const b = replicaOf(a);
    linkActionToRootCause(a, action, cx);
    linkActionToRootCause(b, action, cy);
    linkActionToRootCause(b, action, cx);
    syncAll(a, b);
    expect(new Set(listActions(a)[0]!.rootCauseIds)).toEqual(new Set([cx, cy]));
    expect(listActions(a)[0]!.rootCauseIds).toHaveLength(2);
    expect(listActions(b)).toEqual(listActions(a));
  });

  it('reads a forged link (not a string, a missing candidate, a malformed list) as no link', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    const candidate = promoteToRootCause(doc, { kind: 'finding', id: finding });
    addAction(doc, { title: 'Fix' });
    const entry = actionsArray(doc).get(0) as Y.Map<unknown>;
    entry.set('rootCauseIds', Y.Array.from<string | number>([42, 'finding:ghost', 'group:', finding, candidate]));
    expect(listActions(doc)[0]!.rootCauseIds).toEqual([candidate]);
    entry.set('rootCauseIds', 'finding:x');
    expect(listActions(doc)[0]!.rootCauseIds).toEqual([]);
    // The next link repairs the list.
    linkActionToRootCause(doc, listActions(doc)[0]!.id, candidate);
    expect(listActions(doc)[0]!.rootCauseIds).toEqual([candidate]);
  });

  it('reads an action stored before root-cause links as linked to none, and can link it', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    const candidate = promoteToRootCause(doc, { kind: 'finding', id: finding });
    const action = addAction(doc, { title: 'Fix' });
    (actionsArray(doc).get(0) as Y.Map<unknown>).delete('rootCauseIds');
    expect(listActions(doc)[0]!.rootCauseIds).toEqual([]);
    linkActionToFinding(doc, action, finding);
    linkActionToRootCause(doc, action, candidate);
    expect(listActions(doc)[0]).toMatchObject({ findingIds: [finding], rootCauseIds: [candidate] });
  });
});

describe('systemic weakness', () => {
  it('is set and cleared on findings (anonymous ones too), candidates and actions', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    publishAnonymousFindings(doc, [
      { id: 'anon1', category: 'went-wrong', text: 'quiet', createdAt: '2026-01-01T00:00:00Z' },
    ]);
    const candidate = promoteToRootCause(doc, { kind: 'finding', id: finding });
    const action = addAction(doc, { title: 'Fix', weakness: 'testing' });
    updateFinding(doc, finding, { weakness: 'monitoring-alerting' });
    updateFinding(doc, 'anon1', { weakness: 'capacity' });
    updateRootCause(doc, candidate, { weakness: 'deployment-rollback' });
    expect(listFindings(doc).map((entry) => entry.weakness)).toEqual(['monitoring-alerting', 'capacity']);
    expect(listRootCauses(doc)[0]!.weakness).toBe('deployment-rollback');
    expect(listActions(doc)[0]!.weakness).toBe('testing');
    updateFinding(doc, finding, { weakness: null });
    updateRootCause(doc, candidate, { weakness: null });
    updateAction(doc, action, { weakness: null });
    expect(listFindings(doc)[0]).not.toHaveProperty('weakness');
    expect(listRootCauses(doc)[0]).not.toHaveProperty('weakness');
    expect(listActions(doc)[0]).not.toHaveProperty('weakness');
  });

  it('refuses a value outside the taxonomy and reads a stored one as unset', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    expect(() => updateFinding(doc, finding, { weakness: 'bad-luck' as never })).toThrow(/weakness must be one of/);
    addAction(doc, { title: 'Fix' });
    (actionsArray(doc).get(0) as Y.Map<unknown>).set('weakness', 'bad-luck');
    expect(listActions(doc)[0]).not.toHaveProperty('weakness');
  });
});

describe('accepted risk on a root cause', () => {
  it('needs a non-empty reason, is trimmed, and is withdrawn with null', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    const candidate = promoteToRootCause(doc, { kind: 'finding', id: finding });
    expect(() => updateRootCause(doc, candidate, { acceptedRisk: '   ' })).toThrow(/needs a reason/);
    expect(() => updateRootCause(doc, 'finding:ghost', { acceptedRisk: 'why' })).toThrow(/unknown root cause/);
    updateRootCause(doc, candidate, { acceptedRisk: '  Vendor fixes it in Q3  ' });
    expect(listRootCauses(doc)[0]!.acceptedRisk).toBe('Vendor fixes it in Q3');
    updateRootCause(doc, candidate, { acceptedRisk: null });
    expect(listRootCauses(doc)[0]).not.toHaveProperty('acceptedRisk');
  });

  it('keeps a reason written on the entry of a concurrent promotion that ends up second', () => {
    const a = newReview();
    const finding = addFinding(a, { category: 'went-wrong', text: 'x' });
    const b = replicaOf(a);
    const candidate = promoteToRootCause(a, { kind: 'finding', id: finding });
    promoteToRootCause(b, { kind: 'finding', id: finding });
    updateRootCause(a, candidate, { acceptedRisk: 'from a' });
    updateRootCause(b, candidate, { weakness: 'capacity' });
    syncAll(a, b);
    expect(rootCausesArray(a).length).toBe(2);
    for (const doc of [a, b])
      expect(listRootCauses(doc)[0]).toMatchObject({ acceptedRisk: 'from a', weakness: 'capacity' });
  });
});
