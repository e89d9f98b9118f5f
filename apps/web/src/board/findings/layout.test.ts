import { describe, expect, it } from 'vitest';
import type { Finding, FindingGroup } from '@hindsight/review';
import { buildLayout, nextKeyboardPoint, parseDndId, resolveDrop, reuseUnchanged } from './layout';

const finding = (id: string, category: Finding['category'], groupId: string | null = null): Finding => ({
  id,
  category,
  groupId,
  text: id,
  author: 'ana',
  createdAt: '2024-05-01T00:00:00.000Z',
});
const group = (id: string, category: FindingGroup['category'], findingIds: string[] = []): FindingGroup => ({
  id,
  name: id,
  category,
  createdAt: '2024-05-01T00:00:00.000Z',
  findingIds,
});

describe('buildLayout', () => {
  it('puts notes in their columns and groups, and shows a note loose when its group is gone or elsewhere', () => {
    const layout = buildLayout(
      [
        finding('a', 'went-wrong', 'g'),
        finding('b', 'went-wrong'),
        finding('c', 'lucky', 'g'),
        finding('d', 'lucky', 'gone'),
      ],
      [group('g', 'went-wrong')],
      [{ id: 'group:g', target: { kind: 'group', id: 'g' }, promotedAt: '' }],
    );
    expect(layout.columns['went-wrong']).toEqual({
      category: 'went-wrong',
      groups: [{ id: 'g', category: 'went-wrong', findingIds: ['a'] }],
      looseIds: ['b'],
      count: 2,
    });
    expect(layout.columns.lucky.looseIds).toEqual(['c', 'd']);
    expect(layout.notes.get('d')?.groupId).toBeNull();
    expect(layout.candidateIds.has('group:g')).toBe(true);
  });

  it('keeps unchanged columns, groups and notes as the same objects', () => {
    const before = buildLayout([finding('a', 'went-wrong'), finding('b', 'lucky')], [], []);
    expect(reuseUnchanged(before, buildLayout([finding('a', 'went-wrong'), finding('b', 'lucky')], [], []))).toBe(
      before,
    );
    const after = reuseUnchanged(before, buildLayout([finding('a', 'went-well'), finding('b', 'lucky')], [], []));
    expect(after).not.toBe(before);
    expect(after.columns.lucky).toBe(before.columns.lucky);
    expect(after.notes.get('b')).toBe(before.notes.get('b'));
    expect(after.columns['went-well'].looseIds).toEqual(['a']);
  });
});

describe('resolveDrop', () => {
  const layout = buildLayout(
    [finding('a', 'went-wrong', 'g'), finding('b', 'went-wrong'), finding('c', 'lucky')],
    [group('g', 'went-wrong'), group('h', 'lucky')],
    [],
  );
  const drop = (dragged: string, over: string) => resolveDrop(layout, parseDndId(dragged), parseDndId(over));

  it('moves a note to a column, out of its group', () => {
    expect(drop('note:b', 'column:lucky')).toEqual({ kind: 'move-note', findingId: 'b', category: 'lucky' });
    expect(drop('note:a', 'column:went-wrong')).toEqual({ kind: 'move-note', findingId: 'a', category: 'went-wrong' });
    expect(drop('note:b', 'column:went-wrong')).toEqual({ kind: 'none' });
  });

  it('groups notes: onto a loose note makes a new group, onto a grouped note or a group joins it', () => {
    expect(drop('note:c', 'note:b')).toEqual({ kind: 'new-group', findingIds: ['b', 'c'] });
    expect(drop('note:c', 'note:a')).toEqual({ kind: 'join-group', findingId: 'c', groupId: 'g' });
    expect(drop('note:b', 'group:h')).toEqual({ kind: 'join-group', findingId: 'b', groupId: 'h' });
    expect(drop('note:a', 'group:g')).toEqual({ kind: 'none' });
    expect(drop('note:a', 'note:a')).toEqual({ kind: 'none' });
  });

  it('moves a group to the column it is dropped in', () => {
    expect(drop('group:g', 'note:c')).toEqual({ kind: 'move-group', groupId: 'g', category: 'lucky' });
    expect(drop('group:g', 'column:went-wrong')).toEqual({ kind: 'none' });
    expect(resolveDrop(layout, parseDndId('note:b'), null)).toEqual({ kind: 'none' });
    expect(parseDndId('column:nowhere')).toBeNull();
  });
});

describe('nextKeyboardPoint', () => {
  const rect = (left: number, top: number, width: number, height: number) => ({ left, top, width, height });
  const targets = [
    { id: 'column:went-well', rect: rect(0, 0, 100, 500) },
    { id: 'column:went-wrong', rect: rect(110, 0, 100, 500) },
    { id: 'note:a', rect: rect(115, 100, 90, 60) },
    { id: 'note:b', rect: rect(115, 200, 90, 60) },
  ];

  it('jumps to the head of the neighbouring column with left and right', () => {
    expect(nextKeyboardPoint({ x: 50, y: 300 }, 'right', targets)).toEqual({ x: 160, y: 16 });
    expect(nextKeyboardPoint({ x: 160, y: 130 }, 'left', targets)).toEqual({ x: 50, y: 16 });
    expect(nextKeyboardPoint({ x: 160, y: 130 }, 'right', targets)).toBeNull();
  });

  it('steps through the targets of the column with up and down', () => {
    expect(nextKeyboardPoint({ x: 160, y: 16 }, 'down', targets)).toEqual({ x: 160, y: 118 });
    expect(nextKeyboardPoint({ x: 160, y: 118 }, 'down', targets)).toEqual({ x: 160, y: 218 });
    expect(nextKeyboardPoint({ x: 160, y: 218 }, 'up', targets)).toEqual({ x: 160, y: 118 });
    expect(nextKeyboardPoint({ x: 160, y: 16 }, 'up', targets)).toBeNull();
  });
});
