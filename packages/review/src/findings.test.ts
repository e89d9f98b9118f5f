import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, listActions } from './actions';
import { findingsArray } from './doc';
import {
  addFinding,
  findingText,
  listFindings,
  moveFinding,
  recordFindingEditor,
  removeFinding,
  setFindingGroup,
  updateFinding,
} from './findings';
import { publishAnonymousFindings } from './anonymous';
import { applyControlPatch } from './control';
import { newId } from './ids';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { ReviewInputError } from './validate';

describe('findings', () => {
  it('adds a finding with its author, no group and the given creation time', () => {
    const doc = newReview();
    const id = addFinding(doc, {
      category: 'went-wrong',
      text: 'Alert went to an old rota',
      author: 'ana',
      createdAt: '2024-05-02T09:00:00+01:00',
    });
    expect(listFindings(doc)).toEqual([
      {
        id,
        category: 'went-wrong',
        text: 'Alert went to an old rota',
        groupId: null,
        author: 'ana',
        createdAt: '2024-05-02T08:00:00.000Z',
      },
    ]);
    expect(findingText(doc, id)?.toString()).toBe('Alert went to an old rota');
  });

  it('stores no author key for an anonymous finding and defaults createdAt to now', () => {
    const doc = newReview();
    const before = Date.now();
    const id = addFinding(doc, { category: 'lucky', text: 'Low traffic hour' });
    const [finding] = listFindings(doc);
    expect(finding).not.toHaveProperty('author');
    expect(Date.parse(finding?.createdAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect((findingsArray(doc).get(0) as Y.Map<unknown>).has('author')).toBe(false);
    expect(finding?.id).toBe(id);
  });

  it('never stores the author while the review is anonymous', () => {
    const doc = newReview();
    applyControlPatch(doc, { anonymity: 'anonymous' });
    addFinding(doc, { category: 'went-wrong', text: 'x', author: 'ana' });
    expect(listFindings(doc)[0]).not.toHaveProperty('author');
    expect(JSON.stringify(findingsArray(doc).toJSON())).not.toContain('ana');
  });

  it('updates, moves and groups a finding', () => {
    const doc = newReview();
    const id = addFinding(doc, { category: 'went-wrong', text: 'Slow rollback', author: 'ana' });
    const text = findingText(doc, id);
    updateFinding(doc, id, { text: 'Slow rollback (20 min)' });
    moveFinding(doc, id, 'contributing-factor');
    setFindingGroup(doc, id, 'group-1');
    expect(findingText(doc, id)).toBe(text);
    expect(listFindings(doc)[0]).toMatchObject({
      text: 'Slow rollback (20 min)',
      category: 'contributing-factor',
      groupId: 'group-1',
      author: 'ana',
    });
    setFindingGroup(doc, id, null);
    expect(listFindings(doc)[0]?.groupId).toBeNull();
  });

  it('removes a finding together with the links to it', () => {
    const doc = newReview();
    const keep = addFinding(doc, { category: 'went-wrong', text: 'a' });
    const drop = addFinding(doc, { category: 'went-wrong', text: 'b' });
    const action = addAction(doc, { title: 'Fix', findingIds: [keep, drop] });
    let updates = 0;
    doc.on('update', () => updates++);
    removeFinding(doc, drop);
    expect(updates).toBe(1);
    expect(listFindings(doc).map((finding) => finding.id)).toEqual([keep]);
    expect(listActions(doc).find((item) => item.id === action)?.findingIds).toEqual([keep]);
  });

  it('rejects invalid input and unknown ids', () => {
    const doc = newReview();
    expect(() => addFinding(doc, { category: 'meh' as never, text: 'x' })).toThrow(ReviewInputError);
    expect(() => addFinding(doc, { category: 'lucky', text: 'x'.repeat(5001) })).toThrow(ReviewInputError);
    expect(() => addFinding(doc, { category: 'lucky', text: 'x', createdAt: 'now' })).toThrow(ReviewInputError);
    expect(() => addFinding(doc, { category: 'lucky', text: 'x', groupId: '' })).toThrow(ReviewInputError);
    expect(() => addFinding(doc, { category: 'lucky', text: 'x', author: 7 as never })).toThrow(ReviewInputError);
    expect(listFindings(doc)).toEqual([]);
    const id = addFinding(doc, { category: 'lucky', text: 'x' });
    expect(() => moveFinding(doc, id, 'bad' as never)).toThrow(ReviewInputError);
    expect(() => updateFinding(doc, 'missing', { text: 'y' })).toThrow('unknown finding id "missing"');
    expect(() => setFindingGroup(doc, 'missing', null)).toThrow(ReviewInputError);
    expect(() => removeFinding(doc, 'missing')).toThrow(ReviewInputError);
  });

  it('merges concurrent typing into the same finding text from two replicas', () => {
    const a = newReview();
    const id = addFinding(a, { category: 'went-wrong', text: 'The runbook was out of date' });
    const b = replicaOf(a);
    updateFinding(a, id, { text: 'The failover runbook was out of date' });
    updateFinding(b, id, { text: 'The runbook was out of date by two years' });
    syncAll(a, b);
    const merged = 'The failover runbook was out of date by two years';
    expect(listFindings(a)[0]?.text).toBe(merged);
    expect(listFindings(b)[0]?.text).toBe(merged);
  });

  it('merges concurrent character-by-character typing through the Y.Text', () => {
    const a = newReview();
    const id = addFinding(a, { category: 'went-wrong', text: '' });
    const b = replicaOf(a);
    for (const char of 'abc') findingText(a, id)?.insert(findingText(a, id)?.length ?? 0, char);
    for (const char of 'xyz') findingText(b, id)?.insert(0, char);
    syncAll(a, b);
    const text = listFindings(a)[0]?.text ?? '';
    expect(text).toBe(listFindings(b)[0]?.text);
    expect(text).toHaveLength(6);
    expect(text).toContain('abc');
    expect(text.replace('abc', '')).toBe('zyx');
  });

  it('reads malformed findings without throwing', () => {
    const doc = newReview();
    const entry = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));
    findingsArray(doc).push([
      null,
      entry({ id: 'no-category', text: 'x', createdAt: '2024-05-01T00:00:00Z' }),
      entry({ id: 'bad-category', category: 'meh', createdAt: '2024-05-01T00:00:00Z' }),
      entry({ id: 'odd', category: 'lucky', text: 42, groupId: 5, author: { name: 'x' }, createdAt: 'whenever' }),
      entry({
        id: 'plain',
        category: 'went-well',
        text: 'plain string',
        groupId: 'g',
        author: 'bo',
        createdAt: '2024-05-01T00:00:00Z',
      }),
    ]);
    expect(listFindings(doc)).toEqual([
      { id: 'odd', category: 'lucky', text: '', groupId: null, createdAt: '1970-01-01T00:00:00.000Z' },
      {
        id: 'plain',
        category: 'went-well',
        text: 'plain string',
        groupId: 'g',
        author: 'bo',
        createdAt: '2024-05-01T00:00:00.000Z',
      },
    ]);
    expect(findingText(doc, 'plain')).toBeUndefined();
  });

  describe('edited by', () => {
    it('records who other than the author rewords a named finding, the last one winning, on every replica', () => {
      const doc = newReview();
      const peer = replicaOf(doc);
      const id = addFinding(doc, { category: 'went-wrong', text: 'Retries piled up', author: 'Sam' });
      updateFinding(doc, id, { text: 'Retries piled up on the gateway' }, { editor: 'Ana' });
      syncAll(doc, peer);
      expect(listFindings(peer)[0]).toMatchObject({ author: 'Sam', editedBy: 'Ana' });
      updateFinding(doc, id, { text: 'Retries piled up on the gateway, twice' }, { editor: 'Carol' });
      expect(listFindings(doc)[0]!.editedBy).toBe('Carol');
      // The author's own later edit leaves the mark: the words are still partly someone else's.
      updateFinding(doc, id, { text: 'Retries piled up on the gateway, three times' }, { editor: 'Sam' });
      expect(listFindings(doc)[0]!.editedBy).toBe('Carol');
    });

    it('records nothing for the author, an unchanged text, a move, or a finding without an author', () => {
      const doc = newReview();
      const id = addFinding(doc, { category: 'went-wrong', text: 'Slow rollback', author: 'Sam' });
      updateFinding(doc, id, { text: 'Slow rollback!' }, { editor: 'Sam' });
      updateFinding(doc, id, { text: 'Slow rollback!' }, { editor: 'Ana' });
      updateFinding(doc, id, { category: 'lucky' }, { editor: 'Ana' });
      updateFinding(doc, id, { text: 'Slow rollback!!' });
      expect(listFindings(doc)[0]).not.toHaveProperty('editedBy');
      const unnamed = addFinding(doc, { category: 'lucky', text: 'Spare node' });
      recordFindingEditor(doc, unnamed, 'Ana');
      expect((findingsArray(doc).get(1) as Y.Map<unknown>).has('editedBy')).toBe(false);
    });

    it('never records a name on an anonymous finding, nor while the review is anonymous', () => {
      const doc = newReview();
      const [anonymousId] = publishAnonymousFindings(doc, [
        { id: newId(), category: 'went-wrong', text: 'I was afraid to roll back', createdAt: '2024-05-02T09:00:00Z' },
      ]);
      recordFindingEditor(doc, anonymousId!, 'Ana');
      expect(JSON.stringify(doc.toJSON())).not.toContain('Ana');
      expect(listFindings(doc)[0]).not.toHaveProperty('editedBy');

      const named = addFinding(doc, { category: 'lucky', text: 'Warm spare', author: 'Sam' });
      applyControlPatch(doc, { anonymity: 'anonymous' });
      updateFinding(doc, named, { text: 'A warm spare' }, { editor: 'Ana' });
      expect(JSON.stringify(doc.toJSON())).not.toContain('Ana');
    });

    it('reads a stored editor only beside an author, and refuses a malformed editor before writing', () => {
      const doc = newReview();
      const id = addFinding(doc, { category: 'lucky', text: 'Warm spare', author: 'Sam' });
      const entry = findingsArray(doc).get(0) as Y.Map<unknown>;
      entry.set('editedBy', 7);
      expect(listFindings(doc)[0]).not.toHaveProperty('editedBy');
      entry.set('editedBy', 'Sam');
      expect(listFindings(doc)[0]).not.toHaveProperty('editedBy');
      expect(() => updateFinding(doc, id, { text: 'changed' }, { editor: 7 as never })).toThrow(ReviewInputError);
      expect(findingText(doc, id)?.toString()).toBe('Warm spare');
    });
  });
});
