import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { rootCausesArray } from './doc';
import { addFinding, listFindings, removeFinding, updateFinding } from './findings';
import { addGroup, listGroups, removeGroup, renameGroup } from './groups';
import {
  demoteRootCause,
  isRootCause,
  listRootCauses,
  promoteToRootCause,
  rankCandidates,
  rootCauseFindingIds,
  rootCauseId,
  summariseRootCauses,
} from './root-causes';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { ReviewInputError } from './validate';

describe('root-cause candidates', () => {
  it('promotes findings and groups in order, once each', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'contributing-factor', text: 'No canary stage' });
    const group = addGroup(doc, 'Alerting', [], 'went-wrong');
    const first = promoteToRootCause(doc, { kind: 'finding', id: finding });
    const second = promoteToRootCause(doc, { kind: 'group', id: group });
    expect(promoteToRootCause(doc, { kind: 'finding', id: finding })).toBe(first);
    expect(first).toBe(rootCauseId({ kind: 'finding', id: finding }));
    expect(listRootCauses(doc)).toEqual([
      { id: first, target: { kind: 'finding', id: finding }, promotedAt: expect.any(String) },
      { id: second, target: { kind: 'group', id: group }, promotedAt: expect.any(String) },
    ]);
    expect(rootCausesArray(doc).length).toBe(2);
    expect(isRootCause(doc, { kind: 'group', id: group })).toBe(true);
  });

  it('refuses unknown or malformed targets and changes nothing', () => {
    const doc = newReview();
    expect(() => promoteToRootCause(doc, { kind: 'finding', id: 'nope' })).toThrow(/unknown finding/);
    expect(() => promoteToRootCause(doc, { kind: 'group', id: 'nope' })).toThrow(/unknown group/);
    expect(() => promoteToRootCause(doc, { kind: 'action' as 'finding', id: 'x' })).toThrow(ReviewInputError);
    expect(() => promoteToRootCause(doc, null as never)).toThrow(ReviewInputError);
    expect(rootCausesArray(doc).length).toBe(0);
  });

  it('demotes a candidate; demoting a non-candidate is a no-op', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    promoteToRootCause(doc, { kind: 'finding', id: finding });
    demoteRootCause(doc, { kind: 'finding', id: finding });
    demoteRootCause(doc, { kind: 'finding', id: finding });
    expect(listRootCauses(doc)).toEqual([]);
  });

  it('keeps one candidate when two replicas promote the same target at once', () => {
    const a = newReview();
    const finding = addFinding(a, { category: 'went-wrong', text: 'x' });
    const b = replicaOf(a);
    const fromA = promoteToRootCause(a, { kind: 'finding', id: finding });
    const fromB = promoteToRootCause(b, { kind: 'finding', id: finding });
    expect(fromA).toBe(fromB);
    syncAll(a, b);
    expect(rootCausesArray(a).length).toBe(2);
    expect(listRootCauses(a)).toHaveLength(1);
    expect(listRootCauses(b)).toEqual(listRootCauses(a));
    // One demote removes both stored entries.
    demoteRootCause(b, { kind: 'finding', id: finding });
    syncAll(a, b);
    expect(listRootCauses(a)).toEqual([]);
  });

  it('skips candidates whose finding was removed, also when the removal was concurrent', () => {
    const a = newReview();
    const finding = addFinding(a, { category: 'went-wrong', text: 'x' });
    const group = addGroup(a, 'G', [], 'lucky');
    const b = replicaOf(a);
    promoteToRootCause(a, { kind: 'finding', id: finding });
    promoteToRootCause(a, { kind: 'group', id: group });
    removeFinding(b, finding);
    removeGroup(b, group);
    syncAll(a, b);
    expect(listRootCauses(a)).toEqual([]);
    expect(listRootCauses(b)).toEqual([]);
  });

  it('summarises candidates with their text and column', () => {
    const doc = newReview();
    const x = addFinding(doc, { category: 'went-wrong', text: 'Stale runbook' });
    const y = addFinding(doc, { category: 'went-wrong', text: 'No owner' });
    const group = addGroup(doc, 'Runbooks', [x, y]);
    const lone = addFinding(doc, { category: 'contributing-factor', text: 'Friday deploy' });
    promoteToRootCause(doc, { kind: 'group', id: group });
    promoteToRootCause(doc, { kind: 'finding', id: lone });
    renameGroup(doc, group, 'Runbook rot');
    updateFinding(doc, lone, { text: 'Friday evening deploy' });
    const summaries = summariseRootCauses(listRootCauses(doc), listFindings(doc), listGroups(doc));
    expect(summaries.map(({ text, category, findingIds }) => ({ text, category, findingIds }))).toEqual([
      { text: 'Runbook rot', category: 'went-wrong', findingIds: [x, y] },
      { text: 'Friday evening deploy', category: 'contributing-factor', findingIds: [lone] },
    ]);
  });

  it('reads malformed candidate entries without throwing', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    const id = rootCauseId({ kind: 'finding', id: finding });
    rootCausesArray(doc).push([
      'junk',
      new Y.Map<unknown>([
        ['id', 'forged'],
        ['targetKind', 'finding'],
        ['targetId', finding],
      ]),
      new Y.Map<unknown>([
        ['id', 'action:x'],
        ['targetKind', 'action'],
        ['targetId', 'x'],
      ]),
      new Y.Map<unknown>([
        ['id', id],
        ['targetKind', 'finding'],
        ['targetId', finding],
        ['promotedAt', 5],
      ]),
    ]);
    expect(listRootCauses(doc)).toEqual([
      { id, target: { kind: 'finding', id: finding }, promotedAt: '1970-01-01T00:00:00.000Z' },
    ]);
  });
});

describe('rootCauseFindingIds', () => {
  it('marks promoted findings and the members of promoted groups, and nothing removed', () => {
    const doc = newReview();
    const alone = addFinding(doc, { category: 'contributing-factor', text: 'No canary stage' });
    const member = addFinding(doc, { category: 'went-wrong', text: 'Pager went to the wrong team' });
    const other = addFinding(doc, { category: 'went-wrong', text: 'Dashboards lagged' });
    const group = addGroup(doc, 'Alerting', [member], 'went-wrong');
    expect(rootCauseFindingIds(doc, listFindings(doc))).toEqual(new Set());
    promoteToRootCause(doc, { kind: 'finding', id: alone });
    promoteToRootCause(doc, { kind: 'group', id: group });
    expect(rootCauseFindingIds(doc, listFindings(doc))).toEqual(new Set([alone, member]));
    expect(rootCauseFindingIds(doc, listFindings(doc)).has(other)).toBe(false);
    removeFinding(doc, alone);
    removeGroup(doc, group);
    expect(rootCauseFindingIds(doc, listFindings(doc))).toEqual(new Set());
  });
});

describe('rankCandidates', () => {
  const candidates = ['finding:a', 'group:b', 'finding:c', 'finding:d'].map((id) => ({ id }));

  it('keeps promotion order and shows no ranks while the tallies are hidden', () => {
    expect(rankCandidates(candidates, null)).toEqual(
      candidates.map((candidate) => ({ candidate, tally: null, rank: null })),
    );
  });

  it('puts most votes first once revealed; ties keep promotion order and share a rank', () => {
    const ranked = rankCandidates(candidates, { 'finding:c': 4, 'group:b': 2, 'finding:d': 2, 'finding:gone': 9 });
    expect(ranked.map((entry) => [entry.candidate.id, entry.tally, entry.rank])).toEqual([
      ['finding:c', 4, 1],
      ['group:b', 2, 2],
      ['finding:d', 2, 2],
      ['finding:a', 0, 4],
    ]);
  });
});
