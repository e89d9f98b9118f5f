import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { findingsArray, groupsMap } from './doc';
import { addFinding, listFindings, moveFinding, removeFinding, setFindingGroup } from './findings';
import {
  addFindingToGroup,
  addGroup,
  effectiveGroupId,
  groupNameText,
  listGroups,
  moveGroup,
  observeFindingsLayout,
  removeGroup,
  renameGroup,
} from './groups';
import { listRootCauses, promoteToRootCause } from './root-causes';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { ReviewInputError } from './validate';

describe('groups', () => {
  it("creates a named group in the first finding's column and gathers its findings there, in one transaction", () => {
    const doc = newReview();
    const a = addFinding(doc, { category: 'went-wrong', text: 'Pager went to the old rota' });
    const b = addFinding(doc, { category: 'contributing-factor', text: 'Rota lives in a wiki' });
    let updates = 0;
    doc.on('update', () => updates++);
    const id = addGroup(doc, 'Paging', [a, b]);
    expect(updates).toBe(1);
    expect(listGroups(doc)).toEqual([
      { id, name: 'Paging', category: 'went-wrong', createdAt: expect.any(String), findingIds: [a, b] },
    ]);
    expect(listFindings(doc).map((finding) => [finding.category, finding.groupId])).toEqual([
      ['went-wrong', id],
      ['went-wrong', id],
    ]);
  });

  it('creates an empty group in an explicit column, and refuses one with no column', () => {
    const doc = newReview();
    const id = addGroup(doc, '', [], 'lucky');
    expect(listGroups(doc)).toEqual([
      { id, name: '', category: 'lucky', createdAt: expect.any(String), findingIds: [] },
    ]);
    expect(() => addGroup(doc, 'x')).toThrow(ReviewInputError);
    expect(() => addGroup(doc, 'x', ['nope'])).toThrow(/unknown finding/);
    expect(() => addGroup(doc, 'x'.repeat(201), [], 'lucky')).toThrow(/at most 200/);
    expect(listGroups(doc)).toHaveLength(1);
  });

  it('renames by minimal diff so concurrent typing in a name merges', () => {
    const a = newReview();
    const id = addGroup(a, 'Paging', [], 'went-wrong');
    const b = replicaOf(a);
    const text = groupNameText(a, id);
    renameGroup(a, id, 'Paging gaps');
    renameGroup(b, id, 'Slow Paging');
    syncAll(a, b);
    expect(listGroups(a)[0]?.name).toBe('Slow Paging gaps');
    expect(listGroups(b)).toEqual(listGroups(a));
    expect(groupNameText(a, id)).toBe(text);
    expect(() => renameGroup(a, 'nope', 'x')).toThrow(/unknown group/);
  });

  it("adds a finding to a group and moves it into the group's column", () => {
    const doc = newReview();
    const id = addGroup(doc, 'Alerts', [], 'contributing-factor');
    const finding = addFinding(doc, { category: 'went-wrong', text: 'No alert on queue depth' });
    addFindingToGroup(doc, finding, id);
    expect(listFindings(doc)[0]).toMatchObject({ category: 'contributing-factor', groupId: id });
    expect(listGroups(doc)[0]?.findingIds).toEqual([finding]);
  });

  it('moves a group with all its findings', () => {
    const doc = newReview();
    const a = addFinding(doc, { category: 'went-wrong', text: 'a' });
    const b = addFinding(doc, { category: 'went-wrong', text: 'b' });
    const loose = addFinding(doc, { category: 'went-wrong', text: 'c' });
    const id = addGroup(doc, 'G', [a, b]);
    moveGroup(doc, id, 'lucky');
    expect(listGroups(doc)[0]?.category).toBe('lucky');
    expect(Object.fromEntries(listFindings(doc).map((finding) => [finding.id, finding.category]))).toEqual({
      [a]: 'lucky',
      [b]: 'lucky',
      [loose]: 'went-wrong',
    });
  });

  it('removes a group: its findings stay, ungrouped, and its candidacy ends', () => {
    const doc = newReview();
    const a = addFinding(doc, { category: 'went-wrong', text: 'a' });
    const id = addGroup(doc, 'G', [a]);
    promoteToRootCause(doc, { kind: 'group', id });
    let updates = 0;
    doc.on('update', () => updates++);
    removeGroup(doc, id);
    expect(updates).toBe(1);
    expect(listGroups(doc)).toEqual([]);
    expect(listFindings(doc)).toEqual([expect.objectContaining({ id: a, groupId: null, category: 'went-wrong' })]);
    expect(listRootCauses(doc)).toEqual([]);
  });

  it('lists groups oldest first, whatever order the replicas received them in', () => {
    const a = newReview();
    const b = replicaOf(a);
    const first = addGroup(a, 'first', [], 'lucky');
    const second = addGroup(b, 'second', [], 'lucky');
    groupsMap(a).get(first) instanceof Y.Map &&
      (groupsMap(a).get(first) as Y.Map<unknown>).set('createdAt', '2024-05-01T10:00:00Z');
    (groupsMap(b).get(second) as Y.Map<unknown>).set('createdAt', '2024-05-01T09:00:00Z');
    syncAll(a, b);
    expect(listGroups(a).map((group) => group.id)).toEqual([second, first]);
    expect(listGroups(b)).toEqual(listGroups(a));
  });

  it('converges when one replica removes a group while another adds a finding to it', () => {
    const a = newReview();
    const member = addFinding(a, { category: 'went-wrong', text: 'member' });
    const joiner = addFinding(a, { category: 'lucky', text: 'joiner' });
    const id = addGroup(a, 'G', [member]);
    const b = replicaOf(a);
    removeGroup(a, id);
    addFindingToGroup(b, joiner, id);
    syncAll(a, b);
    expect(listGroups(a)).toEqual([]);
    expect(listGroups(b)).toEqual([]);
    const joined = listFindings(b).find((finding) => finding.id === joiner)!;
    // The finding still names the removed group; the board shows it ungrouped.
    expect(effectiveGroupId(joined, new Set(listGroups(b).map((group) => group.id)))).toBeNull();
    expect(listFindings(a)).toEqual(listFindings(b));
  });

  it('converges when two replicas group the same findings at once', () => {
    const a = newReview();
    const x = addFinding(a, { category: 'went-wrong', text: 'x' });
    const y = addFinding(a, { category: 'went-wrong', text: 'y' });
    const b = replicaOf(a);
    addGroup(a, 'from a', [x, y]);
    addGroup(b, 'from b', [x, y]);
    syncAll(a, b);
    expect(listGroups(a)).toEqual(listGroups(b));
    expect(listFindings(a)).toEqual(listFindings(b));
    // Both findings end in the same one of the two groups (last writer wins per finding, same client).
    const groups = listGroups(a);
    expect(groups.map((group) => group.findingIds.length).sort()).toEqual([0, 2]);
  });

  it('reads malformed group entries without throwing', () => {
    const doc = newReview();
    const groups = groupsMap(doc);
    groups.set('text', 'not a map');
    groups.set(
      'bad-category',
      new Y.Map<unknown>([
        ['name', 42],
        ['category', 'nowhere'],
      ]),
    );
    groups.set(
      'fallback',
      new Y.Map<unknown>([
        ['name', 'plain string'],
        ['category', 7],
        ['createdAt', 'yesterday'],
      ]),
    );
    const member = addFinding(doc, { category: 'lucky', text: 'm' });
    setFindingGroup(doc, member, 'fallback');
    findingsArray(doc).push([
      new Y.Map<unknown>([
        ['id', 'odd'],
        ['category', 'nope'],
        ['groupId', 'fallback'],
      ]),
    ]);
    expect(listGroups(doc)).toEqual([
      {
        id: 'fallback',
        name: 'plain string',
        category: 'lucky',
        createdAt: '1970-01-01T00:00:00.000Z',
        findingIds: [member],
      },
    ]);
    expect(groupNameText(doc, 'fallback')).toBeUndefined();
    renameGroup(doc, 'fallback', 'repaired');
    expect(groupNameText(doc, 'fallback')?.toString()).toBe('repaired');
  });

  it('reports layout changes but not typing inside a note or a group name', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'a' });
    const group = addGroup(doc, 'G', [], 'lucky');
    let calls = 0;
    const stop = observeFindingsLayout(doc, () => calls++);
    renameGroup(doc, group, 'Group');
    doc.transact(() => {
      listFindings(doc); // a read inside a transaction changes nothing
    });
    expect(calls).toBe(0);
    moveFinding(doc, finding, 'lucky');
    addFindingToGroup(doc, finding, group);
    removeFinding(doc, finding);
    expect(calls).toBe(3);
    stop();
    addGroup(doc, 'H', [], 'lucky');
    expect(calls).toBe(3);
  });
});
