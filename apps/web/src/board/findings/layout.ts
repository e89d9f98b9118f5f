/**
 * The findings board's layout as plain data: which note sits in which column and group, without the
 * note texts (each note follows its own text). Pure functions, unit-tested in layout.test.ts.
 */
import type { Finding, FindingCategory, FindingGroup, RootCauseCandidate, Weakness } from '@hindsight/review';
import { CATEGORIES } from './categories';

export interface NoteLayout {
  id: string;
  category: FindingCategory;
  /** The group the note is shown in, or null; a note naming a removed group shows loose. */
  groupId: string | null;
  author: string | null;
  /** Who other than its author last reworded it (named notes only), or null. */
  editedBy: string | null;
  /** Published anonymously: its words are the server's to change (for its author or the facilitator). */
  anonymous: boolean;
  /** The systemic weakness it is filed under, or null. */
  weakness: Weakness | null;
}

export interface GroupLayout {
  id: string;
  category: FindingCategory;
  /** The notes shown inside the group, in stored order. */
  findingIds: string[];
}

export interface ColumnLayout {
  category: FindingCategory;
  groups: GroupLayout[];
  /** Ungrouped notes, in stored order. */
  looseIds: string[];
  /** Every note in the column. */
  count: number;
}

export interface BoardLayout {
  notes: ReadonlyMap<string, NoteLayout>;
  groups: ReadonlyMap<string, GroupLayout>;
  columns: Record<FindingCategory, ColumnLayout>;
  /** Root-cause candidate ids (`finding:<id>`, `group:<id>`). */
  candidateIds: ReadonlySet<string>;
}

/** Builds the layout; a grouped note shows in its group only while both sit in the same column. */
export function buildLayout(
  findings: readonly Finding[],
  groups: readonly FindingGroup[],
  candidates: readonly RootCauseCandidate[],
): BoardLayout {
  const groupLayouts = new Map<string, GroupLayout>();
  for (const group of groups) groupLayouts.set(group.id, { id: group.id, category: group.category, findingIds: [] });
  const notes = new Map<string, NoteLayout>();
  const columns = Object.fromEntries(
    CATEGORIES.map((category) => [category, { category, groups: [], looseIds: [], count: 0 } as ColumnLayout]),
  ) as Record<FindingCategory, ColumnLayout>;
  for (const finding of findings) {
    const group = finding.groupId === null ? undefined : groupLayouts.get(finding.groupId);
    const groupId = group && group.category === finding.category ? group.id : null;
    notes.set(finding.id, {
      id: finding.id,
      category: finding.category,
      groupId,
      author: finding.author ?? null,
      editedBy: finding.editedBy ?? null,
      weakness: finding.weakness ?? null,
      anonymous: finding.anonymous === true,
    });
    const column = columns[finding.category];
    column.count++;
    if (group && groupId) group.findingIds.push(finding.id);
    else column.looseIds.push(finding.id);
  }
  for (const group of groupLayouts.values()) columns[group.category].groups.push(group);
  return { notes, groups: groupLayouts, columns, candidateIds: new Set(candidates.map((candidate) => candidate.id)) };
}

/**
 * `next`, with every column, group and note that did not change replaced by its object from
 * `previous`, so memoised components skip re-rendering; `previous` itself when nothing changed.
 */
export function reuseUnchanged(previous: BoardLayout | null, next: BoardLayout): BoardLayout {
  if (!previous) return next;
  let changed = false;
  const notes = new Map<string, NoteLayout>();
  for (const [id, note] of next.notes) {
    const old = previous.notes.get(id);
    const same =
      old &&
      old.category === note.category &&
      old.groupId === note.groupId &&
      old.author === note.author &&
      old.editedBy === note.editedBy &&
      old.weakness === note.weakness &&
      old.anonymous === note.anonymous;
    notes.set(id, same ? old : note);
    if (!same) changed = true;
  }
  if (previous.notes.size !== next.notes.size) changed = true;
  const groups = new Map<string, GroupLayout>();
  for (const [id, group] of next.groups) {
    const old = previous.groups.get(id);
    const same = old && old.category === group.category && sameIds(old.findingIds, group.findingIds);
    groups.set(id, same ? old : group);
    if (!same) changed = true;
  }
  if (previous.groups.size !== next.groups.size) changed = true;
  const columns = { ...next.columns };
  for (const category of CATEGORIES) {
    const old = previous.columns[category];
    const column = {
      ...next.columns[category],
      groups: next.columns[category].groups.map((group) => groups.get(group.id)!),
    };
    const same =
      old.count === column.count &&
      sameIds(old.looseIds, column.looseIds) &&
      old.groups.length === column.groups.length &&
      old.groups.every((group, index) => group === column.groups[index]);
    columns[category] = same ? old : column;
    if (!same) changed = true;
  }
  const sameCandidates =
    previous.candidateIds.size === next.candidateIds.size &&
    [...next.candidateIds].every((id) => previous.candidateIds.has(id));
  if (!changed && sameCandidates) return previous;
  return { notes, groups, columns, candidateIds: sameCandidates ? previous.candidateIds : next.candidateIds };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/** Drag-and-drop ids: what is dragged (`note:`, `group:`) and where it is dropped (`note:`, `group:`, `column:`). */
export type DndTarget =
  | { kind: 'note'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'column'; category: FindingCategory };

export function dndId(target: DndTarget): string {
  return target.kind === 'column' ? `column:${target.category}` : `${target.kind}:${target.id}`;
}

export function parseDndId(value: string | number): DndTarget | null {
  const text = String(value);
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (colon < 0 || rest === '') return null;
  if (kind === 'note' || kind === 'group') return { kind, id: rest };
  if (kind === 'column' && (CATEGORIES as readonly string[]).includes(rest))
    return { kind, category: rest as FindingCategory };
  return null;
}

/** What a drop does to the board. */
export type DropOutcome =
  | { kind: 'none' }
  | { kind: 'move-note'; findingId: string; category: FindingCategory }
  | { kind: 'join-group'; findingId: string; groupId: string }
  | { kind: 'new-group'; findingIds: [target: string, dragged: string] }
  | { kind: 'move-group'; groupId: string; category: FindingCategory };

/**
 * The outcome of dropping `dragged` on `over`: a note dropped on a column leaves its group and moves
 * there; on a group it joins it; on a loose note the two form a new group; on a grouped note it joins
 * that note's group. A group dropped anywhere in a column moves there with its notes.
 */
export function resolveDrop(layout: BoardLayout, dragged: DndTarget | null, over: DndTarget | null): DropOutcome {
  if (!dragged || !over) return { kind: 'none' };
  const overCategory = categoryOf(layout, over);
  if (dragged.kind === 'group') {
    const group = layout.groups.get(dragged.id);
    if (!group || !overCategory || overCategory === group.category) return { kind: 'none' };
    return { kind: 'move-group', groupId: group.id, category: overCategory };
  }
  if (dragged.kind !== 'note') return { kind: 'none' };
  const note = layout.notes.get(dragged.id);
  if (!note) return { kind: 'none' };
  switch (over.kind) {
    case 'column':
      if (note.category === over.category && note.groupId === null) return { kind: 'none' };
      return { kind: 'move-note', findingId: note.id, category: over.category };
    case 'group':
      if (!layout.groups.has(over.id) || note.groupId === over.id) return { kind: 'none' };
      return { kind: 'join-group', findingId: note.id, groupId: over.id };
    case 'note': {
      const target = layout.notes.get(over.id);
      if (!target || target.id === note.id) return { kind: 'none' };
      if (target.groupId !== null) {
        return note.groupId === target.groupId
          ? { kind: 'none' }
          : { kind: 'join-group', findingId: note.id, groupId: target.groupId };
      }
      return { kind: 'new-group', findingIds: [target.id, note.id] };
    }
  }
}

function categoryOf(layout: BoardLayout, target: DndTarget): FindingCategory | undefined {
  if (target.kind === 'column') return target.category;
  if (target.kind === 'group') return layout.groups.get(target.id)?.category;
  return layout.notes.get(target.id)?.category;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * Where a keyboard drag goes next, as the point to centre the dragged item on. Left and right jump
 * to the head of the neighbouring column (a move, never an accidental grouping); up and down step
 * through the drop targets of the current column (notes, groups, the column head).
 */
export function nextKeyboardPoint(
  from: { x: number; y: number },
  direction: Direction,
  targets: ReadonlyArray<{ id: string; rect: Rect }>,
): { x: number; y: number } | null {
  const columns = targets.filter((target) => target.id.startsWith('column:'));
  const current = columns.find((column) => contains(column.rect, from));
  if (direction === 'left' || direction === 'right') {
    const sign = direction === 'right' ? 1 : -1;
    const candidates = columns
      .filter((column) => sign * (centerX(column.rect) - from.x) > 1 && column !== current)
      .sort((a, b) => distance(a.rect, from) - distance(b.rect, from));
    const next = candidates[0];
    return next ? columnHead(next.rect) : null;
  }
  if (!current) return null;
  const inColumn = targets
    .filter((target) => !target.id.startsWith('column:') && contains(current.rect, centre(target.rect)))
    .map((target) => ({
      point: { x: centerX(target.rect), y: target.rect.top + Math.min(target.rect.height / 2, 18) },
    }));
  const stops = [{ point: columnHead(current.rect) }, ...inColumn].sort((a, b) => a.point.y - b.point.y);
  const sign = direction === 'down' ? 1 : -1;
  const next = stops
    .filter((stop) => sign * (stop.point.y - from.y) > 4)
    .sort((a, b) => sign * (a.point.y - b.point.y))[0];
  return next ? next.point : null;
}

function columnHead(rect: Rect) {
  return { x: centerX(rect), y: rect.top + 16 };
}

function centerX(rect: Rect) {
  return rect.left + rect.width / 2;
}

function centre(rect: Rect) {
  return { x: centerX(rect), y: rect.top + rect.height / 2 };
}

function distance(rect: Rect, point: { x: number; y: number }) {
  const c = centre(rect);
  return Math.abs(c.x - point.x) + Math.abs(c.y - point.y) / 4;
}

export function contains(rect: Rect, point: { x: number; y: number }): boolean {
  return (
    point.x >= rect.left &&
    point.x <= rect.left + rect.width &&
    point.y >= rect.top &&
    point.y <= rect.top + rect.height
  );
}
