import * as Y from 'yjs';
import { FINDING_CATEGORIES } from './schema';
import type { FindingCategory } from './schema';
import { anonymousMap, findEntry, findingsArray, requireEntry, type Entry } from './doc';
import { unlinkFindingFromAllActions } from './actions';
import { createText, readText, writeTextField } from './text';
import { checkEnum, checkId, checkIsoTimestamp, checkObject, checkString, REVIEW_LIMITS } from './validate';

/**
 * Anonymous findings. Their words live in the server-owned `anonymous` root (id → { category,
 * text, createdAt }), written only by the server with its own Yjs client id after it receives them
 * over an authenticated request that records nothing about the sender: nothing in the document
 * ties them to an author's client id, presence or edits, and no participant can change their text.
 *
 * Where they sit on the board (column, group) is ordinary shared data: each has a placement entry
 * in the `findings` array, `{ id, category, groupId, anonymous: true, createdAt }`, which anyone may
 * move or group like any note. A placement entry without content is ignored; content without a
 * placement entry (e.g. an editor deleted it) still shows, in its own column, so nobody but the
 * author and the facilitator (through the API) can take an anonymous finding off the board.
 */

/** An anonymous finding as the server publishes it. */
export interface AnonymousFindingInput {
  id: string;
  category: FindingCategory;
  text: string;
  /** ISO 8601; already coarsened by the server, so the time does not single out the author. */
  createdAt: string;
}

/** What an author (or the facilitator) may change; the board's moves go through `updateFinding`. */
export interface AnonymousFindingPatch {
  text?: string;
  category?: FindingCategory;
}

/** True when `id` names an anonymous finding (its content is in the server-owned root). */
export function isAnonymousFinding(doc: Y.Doc, id: string): boolean {
  return anonymousMap(doc).get(id) instanceof Y.Map;
}

/** The content map of an anonymous finding, or undefined. */
export function anonymousContent(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const content = anonymousMap(doc).get(id);
  return content instanceof Y.Map ? (content as Y.Map<unknown>) : undefined;
}

/**
 * Server only: puts anonymous findings on the board, in the given order (the server shuffles a
 * batch first), in one transaction. Ids already published are skipped, so a retried reveal after a
 * crash does not duplicate anything.
 */
export function publishAnonymousFindings(doc: Y.Doc, items: readonly AnonymousFindingInput[]): string[] {
  const checked = items.map((item) => {
    checkObject('anonymous finding', item);
    return {
      id: checkId('id', item.id),
      category: checkEnum('category', item.category, FINDING_CATEGORIES),
      text: checkString('text', item.text, REVIEW_LIMITS.textMaxLength),
      createdAt: checkIsoTimestamp('createdAt', item.createdAt),
    };
  });
  const published: string[] = [];
  doc.transact(() => {
    const contents = anonymousMap(doc);
    for (const item of checked) {
      if (contents.has(item.id)) continue;
      const content = new Y.Map<unknown>();
      content.set('category', item.category);
      content.set('text', createText(item.text));
      content.set('createdAt', item.createdAt);
      contents.set(item.id, content);
      findingsArray(doc).push([placementEntry(item.id, item.category, item.createdAt)]);
      published.push(item.id);
    }
  });
  return published;
}

/** Server only: the author's (or facilitator's) change to an anonymous finding, in one transaction. */
export function editAnonymousFinding(doc: Y.Doc, id: string, patch: AnonymousFindingPatch): void {
  checkObject('patch', patch);
  const text = patch.text === undefined ? undefined : checkString('text', patch.text, REVIEW_LIMITS.textMaxLength);
  const category = patch.category === undefined ? undefined : checkEnum('category', patch.category, FINDING_CATEGORIES);
  const content = anonymousContent(doc, checkId('id', id));
  if (!content) throw new Error(`unknown anonymous finding ${JSON.stringify(id)}`);
  doc.transact(() => {
    if (text !== undefined) writeTextField(content, 'text', text);
    if (category !== undefined) {
      content.set('category', category);
      // Moving the note as well: the author changed what kind of finding it is.
      for (const entry of placementEntries(doc, id)) entry.set('category', category);
    }
  });
}

/** Server only: takes an anonymous finding off the board (content, placements, action links). */
export function removeAnonymousFinding(doc: Y.Doc, id: string): void {
  const findings = findingsArray(doc);
  doc.transact(() => {
    anonymousMap(doc).delete(id);
    for (let index = findings.length - 1; index >= 0; index--) {
      const entry = findings.get(index);
      if (entry instanceof Y.Map && entry.get('id') === id) findings.delete(index, 1);
    }
    unlinkFindingFromAllActions(doc, id);
  });
}

/** Ids of anonymous findings that have content but no placement entry, in a fixed order. */
export function unplacedAnonymousIds(doc: Y.Doc, placed: ReadonlySet<string>): string[] {
  const ids: string[] = [];
  for (const [id, content] of anonymousMap(doc)) if (content instanceof Y.Map && !placed.has(id)) ids.push(id);
  return ids.sort();
}

/** The text of an anonymous finding's content. */
export function anonymousText(content: Y.Map<unknown>): string {
  return readText(content.get('text'));
}

/**
 * The placement entry of finding `id` for a move or grouping: its entry in `findings`, recreated
 * for an anonymous finding that lost its own (placement is shared data any client may write).
 * Throws a ReviewInputError naming the kind for an unknown id.
 */
export function requireFindingEntry(doc: Y.Doc, id: string): Entry {
  const findings = findingsArray(doc);
  const found = findEntry(findings, checkId('finding id', id));
  if (found) return found;
  if (!isAnonymousFinding(doc, id)) return requireEntry(findings, id, 'finding');
  const map = restorePlacement(doc, id);
  return { index: findings.length - 1, map };
}

function restorePlacement(doc: Y.Doc, id: string): Y.Map<unknown> {
  const content = anonymousContent(doc, id);
  const category = content?.get('category');
  const createdAt = content?.get('createdAt');
  const entry = placementEntry(
    id,
    typeof category === 'string' && (FINDING_CATEGORIES as readonly string[]).includes(category)
      ? (category as FindingCategory)
      : 'went-wrong',
    typeof createdAt === 'string' ? createdAt : new Date(0).toISOString(),
  );
  findingsArray(doc).push([entry]);
  return entry;
}

function placementEntry(id: string, category: FindingCategory, createdAt: string): Y.Map<unknown> {
  const entry = new Y.Map<unknown>();
  entry.set('id', id);
  entry.set('category', category);
  entry.set('groupId', null);
  entry.set('anonymous', true);
  entry.set('createdAt', createdAt);
  return entry;
}

function placementEntries(doc: Y.Doc, id: string): Y.Map<unknown>[] {
  const entries: Y.Map<unknown>[] = [];
  for (const entry of findingsArray(doc)) if (entry instanceof Y.Map && entry.get('id') === id) entries.push(entry);
  return entries;
}
