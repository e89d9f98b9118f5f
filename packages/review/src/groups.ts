import * as Y from 'yjs';
import { FINDING_CATEGORIES } from './schema';
import type { Finding, FindingCategory } from './schema';
import { anonymousMap, findingsArray, groupsMap, rootCausesArray, wellFormedEntries } from './doc';
import { unlinkRootCauseFromAllActions } from './actions';
import { rootCauseId } from './candidates';
import { newId } from './ids';
import { requireFindingEntry } from './anonymous';
import { createText, readText, writeTextField } from './text';
import { checkEnum, checkId, checkString, parseIsoTimestamp, REVIEW_LIMITS, ReviewInputError } from './validate';

/** A named cluster of related findings, shown in one column. */
export interface FindingGroup {
  id: string;
  name: string;
  /** The column the group sits in; its findings are moved there when they join. */
  category: FindingCategory;
  /** ISO 8601 UTC; groups are listed by it (then by id). */
  createdAt: string;
  /** Ids of the existing findings in this group, in stored order. */
  findingIds: string[];
}

const UNKNOWN_CREATED_AT = new Date(0).toISOString();

/**
 * Creates a group and puts `findingIds` into it, in one transaction; returns the group's id.
 * The group sits in `category`, by default the first finding's column; findings from other columns
 * are moved into it, so a group never straddles two columns.
 */
export function addGroup(
  doc: Y.Doc,
  name: string,
  findingIds: readonly string[] = [],
  category?: FindingCategory,
): string {
  const checkedName = checkString('name', name, REVIEW_LIMITS.labelMaxLength);
  if (!Array.isArray(findingIds)) throw new ReviewInputError('findingIds must be an array');
  const members = [...new Set(findingIds.map((findingId) => checkId('finding id', findingId)))].map(
    (findingId) => requireFindingEntry(doc, findingId).map,
  );
  const firstCategory = members[0]?.get('category');
  const groupCategory =
    category !== undefined
      ? checkEnum('category', category, FINDING_CATEGORIES)
      : checkEnum('category of the first finding', firstCategory, FINDING_CATEGORIES);
  const id = newId();
  doc.transact(() => {
    const group = new Y.Map<unknown>();
    group.set('name', createText(checkedName));
    group.set('category', groupCategory);
    group.set('createdAt', new Date().toISOString());
    groupsMap(doc).set(id, group);
    for (const member of members) {
      if (member.get('category') !== groupCategory) member.set('category', groupCategory);
      member.set('groupId', id);
    }
  });
  return id;
}

/** Renames a group by minimal diff, so concurrent typing in the name merges. */
export function renameGroup(doc: Y.Doc, id: string, name: string): void {
  const next = checkString('name', name, REVIEW_LIMITS.labelMaxLength);
  const group = requireGroup(doc, id);
  doc.transact(() => writeTextField(group, 'name', next));
}

/** The Y.Text of a group's name, for binding an editor; undefined for an unknown id or malformed entry. */
export function groupNameText(doc: Y.Doc, id: string): Y.Text | undefined {
  const group = groupsMap(doc).get(id);
  const name = group instanceof Y.Map ? group.get('name') : undefined;
  return name instanceof Y.Text ? name : undefined;
}

/**
 * Puts a finding into a group and moves it into the group's column, in one transaction.
 * (`setFindingGroup` only changes the group id; this keeps the finding beside its group.)
 */
export function addFindingToGroup(doc: Y.Doc, findingId: string, groupId: string): void {
  const group = requireGroup(doc, groupId);
  const { map: finding } = requireFindingEntry(doc, checkId('finding id', findingId));
  const category = readGroupCategory(group);
  doc.transact(() => {
    if (category !== undefined && finding.get('category') !== category) finding.set('category', category);
    if (finding.get('groupId') !== groupId) finding.set('groupId', groupId);
  });
}

/** Moves a group and every finding in it to another column, in one transaction. */
export function moveGroup(doc: Y.Doc, id: string, category: FindingCategory): void {
  const next = checkEnum('category', category, FINDING_CATEGORIES);
  const group = requireGroup(doc, id);
  doc.transact(() => {
    group.set('category', next);
    for (const { map } of wellFormedEntries(findingsArray(doc))) {
      if (map.get('groupId') === id && map.get('category') !== next) map.set('category', next);
    }
  });
}

/**
 * Removes a group: its findings stay where they are, ungrouped, and its root-cause candidacy ends;
 * all in one transaction.
 */
export function removeGroup(doc: Y.Doc, id: string): void {
  requireGroup(doc, id);
  doc.transact(() => {
    groupsMap(doc).delete(id);
    for (const { map } of wellFormedEntries(findingsArray(doc))) {
      if (map.get('groupId') === id) map.set('groupId', null);
    }
    const candidates = rootCausesArray(doc);
    for (let index = candidates.length - 1; index >= 0; index--) {
      const candidate = candidates.get(index);
      if (candidate instanceof Y.Map && candidate.get('targetKind') === 'group' && candidate.get('targetId') === id) {
        candidates.delete(index, 1);
      }
    }
    unlinkRootCauseFromAllActions(doc, rootCauseId({ kind: 'group', id }));
  });
}

/**
 * Every group, oldest first (ties by id, so every replica lists them alike), each with its existing
 * findings. Entries that are not maps are skipped; a malformed category falls back to the column of
 * the group's first finding, and a group with neither is skipped (there is nowhere to show it).
 */
export function listGroups(doc: Y.Doc): FindingGroup[] {
  const membersOf = new Map<string, string[]>();
  const firstCategoryOf = new Map<string, FindingCategory>();
  for (const { id, map } of wellFormedEntries(findingsArray(doc))) {
    const groupId: unknown = map.get('groupId');
    const category: unknown = map.get('category');
    if (typeof groupId !== 'string' || groupId === '') continue;
    if (!(FINDING_CATEGORIES as readonly unknown[]).includes(category)) continue; // listFindings skips it too
    const members = membersOf.get(groupId) ?? [];
    members.push(id);
    membersOf.set(groupId, members);
    if (!firstCategoryOf.has(groupId)) firstCategoryOf.set(groupId, category as FindingCategory);
  }
  const groups: FindingGroup[] = [];
  groupsMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map) || id === '') return;
    const category = readGroupCategory(value) ?? firstCategoryOf.get(id);
    if (category === undefined) return;
    const createdAt: unknown = value.get('createdAt');
    groups.push({
      id,
      name: readText(value.get('name')),
      category,
      createdAt: (typeof createdAt === 'string' ? parseIsoTimestamp(createdAt) : undefined) ?? UNKNOWN_CREATED_AT,
      findingIds: membersOf.get(id) ?? [],
    });
  });
  // A Y.Map's iteration order depends on when each replica received each key: sort for a shared order.
  return groups.sort((a, b) => compareStrings(a.createdAt, b.createdAt) || compareStrings(a.id, b.id));
}

/** True when `id` names an existing group. */
export function hasGroup(doc: Y.Doc, id: string): boolean {
  return groupsMap(doc).get(id) instanceof Y.Map;
}

/**
 * A finding's group as the board shows it: its group id when that group exists, else null (the group
 * was removed concurrently with the finding joining it, or the id was never a group).
 */
export function effectiveGroupId(finding: Pick<Finding, 'groupId'>, groupIds: ReadonlySet<string>): string | null {
  return finding.groupId !== null && groupIds.has(finding.groupId) ? finding.groupId : null;
}

function requireGroup(doc: Y.Doc, id: string): Y.Map<unknown> {
  const group = groupsMap(doc).get(checkId('group id', id));
  if (!(group instanceof Y.Map)) throw new ReviewInputError(`unknown group id ${JSON.stringify(id)}`);
  return group as Y.Map<unknown>;
}

function readGroupCategory(group: Y.Map<unknown>): FindingCategory | undefined {
  const category: unknown = group.get('category');
  return typeof category === 'string' && (FINDING_CATEGORIES as readonly string[]).includes(category)
    ? (category as FindingCategory)
    : undefined;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Calls `onChange` once per transaction that changes the findings board's layout: findings added,
 * removed, moved or regrouped, groups added, removed or moved, root-cause candidates promoted or
 * demoted. Typing inside a finding's text or a group's name does not call it: editors bound to those
 * Y.Texts follow them, so a keystroke in one note does not make a board of hundreds re-read its layout.
 */
export function observeFindingsLayout(doc: Y.Doc, onChange: () => void): () => void {
  const roots = [findingsArray(doc), groupsMap(doc), rootCausesArray(doc), anonymousMap(doc)];
  let lastTransaction: Y.Transaction | null = null;
  const handler = (events: Y.YEvent<any>[], transaction: Y.Transaction) => {
    if (transaction === lastTransaction) return;
    if (events.every((event) => event.target instanceof Y.Text)) return;
    lastTransaction = transaction;
    onChange();
  };
  for (const root of roots) root.observeDeep(handler);
  return () => {
    for (const root of roots) root.unobserveDeep(handler);
  };
}
