import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  actionTitleText,
  addAction,
  isFollowUpValue,
  linkActionToFinding,
  listActions,
  removeAction,
  unlinkActionFromFinding,
  updateAction,
} from './actions';
import { actionsArray } from './doc';
import { addFinding, removeFinding } from './findings';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { REVIEW_LIMITS, ReviewInputError } from './validate';

describe('actions', () => {
  it('adds an action with defaults for everything but the title', () => {
    const doc = newReview();
    const id = addAction(doc, { title: 'Update the rota' });
    expect(listActions(doc)).toEqual([
      {
        id,
        title: 'Update the rota',
        owner: '',
        due: '',
        status: 'open',
        priority: 'P2',
        type: 'prevent',
        progress: '',
        findingIds: [],
        rootCauseIds: [],
      },
    ]);
    expect(actionTitleText(doc, id)?.toString()).toBe('Update the rota');
  });

  it('adds an action with every field given', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    const id = addAction(doc, {
      title: 'Page the new rota',
      owner: 'ana',
      due: '2024-06-30',
      status: 'in-progress',
      priority: 'P1',
      type: 'mitigate',
      progress: 'Rota drafted',
      findingIds: [finding, finding],
    });
    expect(listActions(doc)[0]).toEqual({
      id,
      title: 'Page the new rota',
      owner: 'ana',
      due: '2024-06-30',
      status: 'in-progress',
      priority: 'P1',
      type: 'mitigate',
      progress: 'Rota drafted',
      findingIds: [finding],
      rootCauseIds: [],
    });
  });

  it('updates the given fields in one transaction, title by minimal diff', () => {
    const doc = newReview();
    const id = addAction(doc, { title: 'Fix alerts', due: '2024-06-30' });
    const title = actionTitleText(doc, id);
    let updates = 0;
    doc.on('update', () => updates++);
    updateAction(doc, id, {
      title: 'Fix paging alerts',
      owner: 'bo',
      due: '',
      status: 'done',
      priority: 'P3',
      type: 'process',
      progress: 'Pager rules drafted',
    });
    expect(updates).toBe(1);
    expect(actionTitleText(doc, id)).toBe(title);
    expect(listActions(doc)[0]).toMatchObject({
      title: 'Fix paging alerts',
      owner: 'bo',
      due: '',
      status: 'done',
      priority: 'P3',
      type: 'process',
      progress: 'Pager rules drafted',
    });
  });

  it('checks follow-through values as updateAction would write them, and only for those four fields', () => {
    expect(isFollowUpValue('status', 'done')).toBe(true);
    expect(isFollowUpValue('status', 'finished')).toBe(false);
    expect(isFollowUpValue('due', '2026-12-24')).toBe(true);
    expect(isFollowUpValue('due', '24/12/2026')).toBe(false);
    expect(isFollowUpValue('owner', 'Sam')).toBe(true);
    expect(isFollowUpValue('progress', 'x'.repeat(REVIEW_LIMITS.progressMaxLength))).toBe(true);
    expect(isFollowUpValue('progress', 'x'.repeat(REVIEW_LIMITS.progressMaxLength + 1))).toBe(false);
    expect(isFollowUpValue('progress', 3)).toBe(false);
    expect(isFollowUpValue('priority', 'P1')).toBe(false);
    expect(isFollowUpValue('title', 'x')).toBe(false);
  });

  it('links and unlinks findings, each link once', () => {
    const doc = newReview();
    const f1 = addFinding(doc, { category: 'went-wrong', text: 'a' });
    const f2 = addFinding(doc, { category: 'went-wrong', text: 'b' });
    const id = addAction(doc, { title: 'Fix' });
    linkActionToFinding(doc, id, f1);
    linkActionToFinding(doc, id, f2);
    linkActionToFinding(doc, id, f1);
    expect(listActions(doc)[0]?.findingIds).toEqual([f1, f2]);
    unlinkActionFromFinding(doc, id, f1);
    unlinkActionFromFinding(doc, id, f1);
    expect(listActions(doc)[0]?.findingIds).toEqual([f2]);
  });

  it('removes an action', () => {
    const doc = newReview();
    const id = addAction(doc, { title: 'Fix' });
    removeAction(doc, id);
    expect(listActions(doc)).toEqual([]);
    expect(actionTitleText(doc, id)).toBeUndefined();
  });

  it('rejects invalid input and unknown ids', () => {
    const doc = newReview();
    expect(() => addAction(doc, { title: 'x'.repeat(201) })).toThrow(ReviewInputError);
    expect(() => addAction(doc, { title: 'x', due: '30/06/2024' })).toThrow(ReviewInputError);
    expect(() => addAction(doc, { title: 'x', due: '2024-02-30' })).toThrow(ReviewInputError);
    expect(() => addAction(doc, { title: 'x', status: 'blocked' as never })).toThrow(ReviewInputError);
    expect(() => addAction(doc, { title: 'x', priority: 'P0' as never })).toThrow(ReviewInputError);
    expect(() => addAction(doc, { title: 'x', type: 'hope' as never })).toThrow(ReviewInputError);
    expect(() => addAction(doc, { title: 'x', owner: 'x'.repeat(201) })).toThrow(ReviewInputError);
    expect(() => addAction(doc, { title: 'x', findingIds: ['missing'] })).toThrow('unknown finding id "missing"');
    expect(listActions(doc)).toEqual([]);
    const id = addAction(doc, { title: 'x' });
    expect(() => updateAction(doc, id, { title: 'changed', due: 'soon' })).toThrow(ReviewInputError);
    expect(listActions(doc)[0]?.title).toBe('x');
    expect(() => updateAction(doc, 'missing', { owner: 'a' })).toThrow('unknown action id "missing"');
    expect(() => linkActionToFinding(doc, id, 'missing')).toThrow('unknown finding id "missing"');
    expect(() => linkActionToFinding(doc, 'missing', 'f')).toThrow('unknown action id "missing"');
    expect(() => unlinkActionFromFinding(doc, 'missing', 'f')).toThrow(ReviewInputError);
    expect(() => removeAction(doc, 'missing')).toThrow(ReviewInputError);
  });

  it('merges concurrent links from two replicas and shows a link made twice once', () => {
    const a = newReview();
    const f1 = addFinding(a, { category: 'went-wrong', text: 'a' });
    const f2 = addFinding(a, { category: 'went-wrong', text: 'b' });
    const id = addAction(a, { title: 'Fix' });
    const b = replicaOf(a);
    linkActionToFinding(a, id, f1);
    linkActionToFinding(b, id, f2);
    linkActionToFinding(b, id, f1);
    syncAll(a, b);
    const links = listActions(a)[0]?.findingIds ?? [];
    expect([...links].sort()).toEqual([f1, f2].sort());
    expect(listActions(b)[0]?.findingIds).toEqual(links);
  });

  it('hides a link to a finding removed concurrently', () => {
    const a = newReview();
    const finding = addFinding(a, { category: 'went-wrong', text: 'a' });
    const id = addAction(a, { title: 'Fix' });
    const b = replicaOf(a);
    removeFinding(a, finding);
    linkActionToFinding(b, id, finding);
    syncAll(a, b);
    expect(listActions(a)[0]?.findingIds).toEqual([]);
    expect(listActions(b)[0]?.findingIds).toEqual([]);
  });

  it('reads malformed actions without throwing and repairs links when linking', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'a' });
    const entry = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));
    actionsArray(doc).push([
      7,
      entry({ title: 'no id' }),
      entry({
        id: 'odd',
        title: 'plain title',
        owner: 3,
        due: 'tomorrow',
        status: 'blocked',
        priority: 'P0',
        type: null,
        findingIds: [finding, 5],
      }),
      entry({
        id: 'mixed',
        title: new Y.Text('t'),
        findingIds: Y.Array.from<string | number>([finding, 9, finding, 'gone']),
      }),
    ]);
    expect(listActions(doc)).toEqual([
      {
        id: 'odd',
        title: 'plain title',
        owner: '',
        due: '',
        status: 'open',
        priority: 'P2',
        type: 'prevent',
        progress: '',
        findingIds: [],
        rootCauseIds: [],
      },
      {
        id: 'mixed',
        title: 't',
        owner: '',
        due: '',
        status: 'open',
        priority: 'P2',
        type: 'prevent',
        progress: '',
        findingIds: [finding],
        rootCauseIds: [],
      },
    ]);
    expect(actionTitleText(doc, 'odd')).toBeUndefined();
    linkActionToFinding(doc, 'odd', finding);
    expect(listActions(doc)[0]?.findingIds).toEqual([finding]);
    updateAction(doc, 'odd', { title: 'fixed' });
    expect(actionTitleText(doc, 'odd')?.toString()).toBe('fixed');
  });
});
