import * as Y from 'yjs';
import { FINDING_CATEGORIES } from './schema';
import type { Finding, FindingCategory } from './schema';
import { findEntry, findingsArray, requireEntry, wellFormedEntries } from './doc';
import { unlinkFindingFromAllActions } from './actions';
import { newId } from './ids';
import { readControl } from './control';
import { createText, readText, writeTextField } from './text';
import {
  checkEnum,
  checkId,
  checkIsoTimestamp,
  checkObject,
  checkString,
  parseIsoTimestamp,
  REVIEW_LIMITS,
} from './validate';

/** Input of `addFinding`. */
export interface FindingInput {
  category: FindingCategory;
  text: string;
  /** Omit for an anonymous finding. Never stored while the review's anonymity policy is 'anonymous'. */
  author?: string;
  groupId?: string | null;
  /** ISO 8601 with a zone; defaults to now. */
  createdAt?: string;
}

/** Fields `updateFinding` may change. The author is fixed at creation so nobody can re-attribute a note. */
export interface FindingPatch {
  category?: FindingCategory;
  text?: string;
  groupId?: string | null;
}

// Shown for a stored finding whose creation time is malformed; fixed so every replica reads the same.
const UNKNOWN_CREATED_AT = new Date(0).toISOString();

/** Appends a finding and returns its new id. */
export function addFinding(doc: Y.Doc, input: FindingInput): string {
  checkObject('finding', input);
  const category = checkEnum('category', input.category, FINDING_CATEGORIES);
  const text = checkString('text', input.text, REVIEW_LIMITS.textMaxLength);
  const author =
    input.author === undefined ? undefined : checkString('author', input.author, REVIEW_LIMITS.labelMaxLength);
  const groupId = input.groupId === undefined ? null : checkGroupId(input.groupId);
  const createdAt =
    input.createdAt === undefined ? new Date().toISOString() : checkIsoTimestamp('createdAt', input.createdAt);
  const id = newId();
  const finding = new Y.Map<unknown>();
  finding.set('id', id);
  finding.set('category', category);
  finding.set('text', createText(text));
  finding.set('groupId', groupId);
  // Enforced here, not only in the UI: once written to the doc, an identity reaches every replica.
  if (author !== undefined && readControl(doc).anonymity !== 'anonymous') finding.set('author', author);
  finding.set('createdAt', createdAt);
  findingsArray(doc).push([finding]);
  return id;
}

/** Changes the given fields of one finding in one transaction; text by minimal diff. */
export function updateFinding(doc: Y.Doc, id: string, patch: FindingPatch): void {
  checkObject('patch', patch);
  const category = patch.category === undefined ? undefined : checkEnum('category', patch.category, FINDING_CATEGORIES);
  const text = patch.text === undefined ? undefined : checkString('text', patch.text, REVIEW_LIMITS.textMaxLength);
  const groupId = patch.groupId === undefined ? undefined : checkGroupId(patch.groupId);
  const { map } = requireEntry(findingsArray(doc), checkId('id', id), 'finding');
  doc.transact(() => {
    if (category !== undefined) map.set('category', category);
    if (text !== undefined) writeTextField(map, 'text', text);
    if (groupId !== undefined) map.set('groupId', groupId);
  });
}

/** Moves a finding to another category (column). */
export function moveFinding(doc: Y.Doc, id: string, category: FindingCategory): void {
  updateFinding(doc, id, { category });
}

/** Puts a finding into a group (any shared id, e.g. from `newId`), or takes it out with null. */
export function setFindingGroup(doc: Y.Doc, id: string, groupId: string | null): void {
  updateFinding(doc, id, { groupId });
}

/** Removes a finding and every action's link to it, in one transaction. */
export function removeFinding(doc: Y.Doc, id: string): void {
  const findings = findingsArray(doc);
  const { index } = requireEntry(findings, checkId('id', id), 'finding');
  doc.transact(() => {
    findings.delete(index, 1);
    unlinkFindingFromAllActions(doc, id);
  });
}

/** All findings in stored order; entries with an unknown category are skipped. */
export function listFindings(doc: Y.Doc): Finding[] {
  const findings: Finding[] = [];
  for (const { id, map } of wellFormedEntries(findingsArray(doc))) {
    const category: unknown = map.get('category');
    // No column to show it in; guessing one would misfile the note.
    if (typeof category !== 'string' || !(FINDING_CATEGORIES as readonly string[]).includes(category)) continue;
    const groupId: unknown = map.get('groupId');
    const author: unknown = map.get('author');
    const createdAt: unknown = map.get('createdAt');
    const finding: Finding = {
      id,
      category: category as FindingCategory,
      text: readText(map.get('text')),
      groupId: typeof groupId === 'string' && groupId !== '' ? groupId : null,
      createdAt: (typeof createdAt === 'string' ? parseIsoTimestamp(createdAt) : undefined) ?? UNKNOWN_CREATED_AT,
    };
    if (typeof author === 'string') finding.author = author;
    findings.push(finding);
  }
  return findings;
}

/** The Y.Text of one finding's text, for binding an editor; undefined for an unknown id or malformed entry. */
export function findingText(doc: Y.Doc, id: string): Y.Text | undefined {
  const text = findEntry(findingsArray(doc), id)?.map.get('text');
  return text instanceof Y.Text ? text : undefined;
}

function checkGroupId(value: string | null): string | null {
  if (value === null) return null;
  checkId('groupId', value);
  return checkString('groupId', value, REVIEW_LIMITS.labelMaxLength);
}
