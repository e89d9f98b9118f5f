import * as Y from 'yjs';
import { FINDING_CATEGORIES } from './schema';
import type { Finding, FindingCategory, Weakness } from './schema';
import { findEntry, findingsArray, requireEntry, wellFormedEntries } from './doc';
import {
  anonymousContent,
  anonymousText,
  isAnonymousFinding,
  requireFindingEntry,
  unplacedAnonymousIds,
} from './anonymous';
import { unlinkFindingFromAllActions, unlinkRootCauseFromAllActions } from './actions';
import { rootCauseId } from './candidates';
import { checkWeakness, readWeakness, writeWeakness } from './weakness';
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
  ReviewInputError,
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
  /** The systemic weakness it shows, or null for none. Anyone may set it, on anonymous findings too. */
  weakness?: Weakness | null;
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

/**
 * Changes the given fields of one finding in one transaction; text by minimal diff. With `editor`
 * (the display name of who changes the text), a changed text records them as its editor (see
 * `recordFindingEditor`).
 */
export function updateFinding(doc: Y.Doc, id: string, patch: FindingPatch, options: { editor?: string } = {}): void {
  checkObject('patch', patch);
  const category = patch.category === undefined ? undefined : checkEnum('category', patch.category, FINDING_CATEGORIES);
  const text = patch.text === undefined ? undefined : checkString('text', patch.text, REVIEW_LIMITS.textMaxLength);
  const groupId = patch.groupId === undefined ? undefined : checkGroupId(patch.groupId);
  const weakness = patch.weakness === undefined ? undefined : checkWeakness(patch.weakness);
  const editor =
    options.editor === undefined ? undefined : checkString('editor', options.editor, REVIEW_LIMITS.labelMaxLength);
  checkId('id', id);
  // Only the server writes an anonymous finding's words (for its author or the facilitator).
  if (text !== undefined && isAnonymousFinding(doc, id)) {
    throw new ReviewInputError('an anonymous finding is changed only by its author or the facilitator');
  }
  doc.transact(() => {
    const { map } = requireFindingEntry(doc, id);
    if (category !== undefined) map.set('category', category);
    const before = text === undefined ? undefined : readText(map.get('text'));
    if (text !== undefined) writeTextField(map, 'text', text);
    if (groupId !== undefined) map.set('groupId', groupId);
    if (weakness !== undefined) writeWeakness(map, weakness);
    if (editor !== undefined && text !== undefined && text !== before) recordFindingEditor(doc, id, editor);
  });
}

/**
 * Records that `editor` (a display name) changed the words of someone else's named finding, so the
 * board can say "edited by". Nothing is recorded for an anonymous finding (the change must reveal
 * nothing), for one without an author, for the author's own edits, or while the review's policy is
 * anonymous (a name written now would reach every replica). The last such editor is kept.
 */
export function recordFindingEditor(doc: Y.Doc, id: string, editor: string): void {
  checkId('id', id);
  const name = checkString('editor', editor, REVIEW_LIMITS.labelMaxLength).trim();
  if (name === '' || isAnonymousFinding(doc, id) || readControl(doc).anonymity === 'anonymous') return;
  const { map } = requireEntry(findingsArray(doc), id, 'finding');
  // A forged placement claiming to be anonymous has no words of its own to credit anyone for.
  if (map.get('anonymous') === true) return;
  const author: unknown = map.get('author');
  if (typeof author !== 'string' || author.trim() === '' || author.trim() === name) return;
  if (map.get('editedBy') !== name) map.set('editedBy', name);
}

/** Moves a finding to another category (column). */
export function moveFinding(doc: Y.Doc, id: string, category: FindingCategory): void {
  updateFinding(doc, id, { category });
}

/** Puts a finding into a group (any shared id, e.g. from `newId`), or takes it out with null. */
export function setFindingGroup(doc: Y.Doc, id: string, groupId: string | null): void {
  updateFinding(doc, id, { groupId });
}

/** Removes a finding and every action's link to it (and to its candidacy), in one transaction. */
export function removeFinding(doc: Y.Doc, id: string): void {
  const findings = findingsArray(doc);
  if (isAnonymousFinding(doc, checkId('id', id))) {
    throw new ReviewInputError('an anonymous finding is removed only by its author or the facilitator');
  }
  const { index } = requireEntry(findings, id, 'finding');
  doc.transact(() => {
    findings.delete(index, 1);
    unlinkFindingFromAllActions(doc, id);
    unlinkRootCauseFromAllActions(doc, rootCauseId({ kind: 'finding', id }));
  });
}

/**
 * All findings in stored order; entries with an unknown category are skipped. Anonymous findings
 * read their words from the server-owned root (whatever an entry in `findings` claims) and never
 * have an author; those without a placement entry follow the others.
 */
export function listFindings(doc: Y.Doc): Finding[] {
  const findings: Finding[] = [];
  const placed = new Set<string>();
  for (const { id, map } of wellFormedEntries(findingsArray(doc))) {
    const content = anonymousContent(doc, id);
    // A placement whose content is gone (removed) or never was (forged) shows nothing.
    if (!content && map.get('anonymous') === true) continue;
    const category = validCategory(map.get('category')) ?? (content && validCategory(content.get('category')));
    // No column to show it in; guessing one would misfile the note.
    if (!category) continue;
    placed.add(id);
    const groupId: unknown = map.get('groupId');
    const finding: Finding = {
      id,
      category,
      text: content ? anonymousText(content) : readText(map.get('text')),
      groupId: typeof groupId === 'string' && groupId !== '' ? groupId : null,
      createdAt: createdAtOf(content ?? map),
    };
    const weakness = readWeakness(map);
    if (weakness) finding.weakness = weakness;
    const author: unknown = map.get('author');
    const editedBy: unknown = map.get('editedBy');
    if (content) finding.anonymous = true;
    else if (typeof author === 'string') {
      finding.author = author;
      if (typeof editedBy === 'string' && editedBy.trim() !== '' && editedBy !== author) finding.editedBy = editedBy;
    }
    findings.push(finding);
  }
  for (const id of unplacedAnonymousIds(doc, placed)) {
    const content = anonymousContent(doc, id)!;
    const category = validCategory(content.get('category'));
    if (!category) continue;
    findings.push({
      id,
      category,
      text: anonymousText(content),
      groupId: null,
      createdAt: createdAtOf(content),
      anonymous: true,
    });
  }
  return findings;
}

function createdAtOf(map: Y.Map<unknown>): string {
  const createdAt: unknown = map.get('createdAt');
  return (typeof createdAt === 'string' ? parseIsoTimestamp(createdAt) : undefined) ?? UNKNOWN_CREATED_AT;
}

function validCategory(value: unknown): FindingCategory | undefined {
  return typeof value === 'string' && (FINDING_CATEGORIES as readonly string[]).includes(value)
    ? (value as FindingCategory)
    : undefined;
}

/** The Y.Text of one finding's text, for binding an editor; undefined for an unknown id or malformed entry. */
export function findingText(doc: Y.Doc, id: string): Y.Text | undefined {
  // An anonymous finding's text is for reading only: the server refuses any client write to it.
  const text = (anonymousContent(doc, id) ?? findEntry(findingsArray(doc), id)?.map)?.get('text');
  return text instanceof Y.Text ? text : undefined;
}

function checkGroupId(value: string | null): string | null {
  if (value === null) return null;
  checkId('groupId', value);
  return checkString('groupId', value, REVIEW_LIMITS.labelMaxLength);
}
