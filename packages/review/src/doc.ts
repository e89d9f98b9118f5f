import * as Y from 'yjs';
import { NARRATIVE_SECTIONS, SEVERITIES } from './schema';
import type { NarrativeSection, Severity } from './schema';
import { checkEnum, checkString, REVIEW_LIMITS, ReviewInputError } from './validate';
import { createText } from './text';

/** Root names in the Y.Doc. The only place they are spelled out. */
export const ROOT_NAMES = {
  meta: 'meta',
  timeline: 'timeline',
  findings: 'findings',
  actions: 'actions',
  groups: 'groups',
  rootCauses: 'rootCauses',
  control: 'control',
  anonymous: 'anonymous',
} as const;

/** Root name of one narrative section's XmlFragment. */
export function narrativeRootName(section: NarrativeSection): string {
  return `narrative:${section}`;
}

/** Defaults written by `initReview` and assumed by reads when a field is missing or malformed. */
export const REVIEW_DEFAULTS = {
  severity: 'SEV3',
} as const;

/**
 * Roots only the server writes (the facilitator's controls, through the API). The sync server
 * refuses any client update that touches them, so no participant can change them from the wire.
 */
export const SERVER_OWNED_ROOTS: readonly string[] = [ROOT_NAMES.control, ROOT_NAMES.anonymous];

/** The `control` root map (server-owned). */
export function controlMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT_NAMES.control);
}

/** The `anonymous` root map (server-owned): anonymous finding id → its content, written only by the server. */
export function anonymousMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT_NAMES.anonymous);
}

/** The `meta` root map. */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT_NAMES.meta);
}

/** The `timeline` root array (entries are Y.Maps). */
export function timelineArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(ROOT_NAMES.timeline);
}

/** The `findings` root array (entries are Y.Maps). */
export function findingsArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(ROOT_NAMES.findings);
}

/** The `actions` root array (entries are Y.Maps). */
export function actionsArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(ROOT_NAMES.actions);
}

/** The `groups` root map: group id → group Y.Map. */
export function groupsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT_NAMES.groups);
}

/** The `rootCauses` root array (entries are Y.Maps). */
export function rootCausesArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(ROOT_NAMES.rootCauses);
}

/** Every root of a review except the narrative fragments: the board's structured data. */
export function boardRoots(doc: Y.Doc): Y.AbstractType<any>[] {
  return [
    metaMap(doc),
    timelineArray(doc),
    findingsArray(doc),
    actionsArray(doc),
    groupsMap(doc),
    rootCausesArray(doc),
  ];
}

/**
 * Every root of a review, for observers and snapshots: the board's roots, the narrative and the
 * server-owned roots (which are never in an undo scope, since a client may not write them).
 */
export function allRoots(doc: Y.Doc): Y.AbstractType<any>[] {
  return [
    ...boardRoots(doc),
    ...NARRATIVE_SECTIONS.map((section) => doc.getXmlFragment(narrativeRootName(section))),
    controlMap(doc),
    anonymousMap(doc),
  ];
}

/** Initial values of a new review. */
export interface ReviewInit {
  title: string;
  severity?: Severity;
}

/** True once `initReview` has run on this doc (or on a replica whose update it received). */
export function isReviewInitialised(doc: Y.Doc): boolean {
  return metaMap(doc).has('title');
}

/** Writes a new review's title and defaults in one transaction; throws if the doc is already a review. */
export function initReview(doc: Y.Doc, init: ReviewInit): void {
  const title = checkString('title', init.title, REVIEW_LIMITS.titleMaxLength);
  const severity =
    init.severity === undefined ? REVIEW_DEFAULTS.severity : checkEnum('severity', init.severity, SEVERITIES);
  // A second init would replace the title's Y.Text and drop everyone's edits to it.
  if (isReviewInitialised(doc)) throw new ReviewInputError('review is already initialised');
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('title', createText(title));
    meta.set('severity', severity);
  });
}

/** A record entry found by id: its position in the root array and its map. */
export interface Entry {
  index: number;
  map: Y.Map<unknown>;
}

/** The first entry of `array` whose `id` is `id`, or undefined. */
export function findEntry(array: Y.Array<unknown>, id: string): Entry | undefined {
  let index = 0;
  for (const item of array) {
    if (item instanceof Y.Map && item.get('id') === id) return { index, map: item as Y.Map<unknown> };
    index++;
  }
  return undefined;
}

/** Like `findEntry`, but throws a ReviewInputError naming the record kind when the id is unknown. */
export function requireEntry(array: Y.Array<unknown>, id: string, kind: string): Entry {
  const entry = findEntry(array, id);
  if (!entry) throw new ReviewInputError(`unknown ${kind} id ${JSON.stringify(id)}`);
  return entry;
}

/**
 * The well-formed entries of `array` with their ids, skipping non-maps, missing ids and repeated ids
 * (the first occurrence wins, matching `findEntry`), so UI keys stay unique on a malformed doc.
 */
export function wellFormedEntries(array: Y.Array<unknown>): { id: string; map: Y.Map<unknown> }[] {
  const seen = new Set<string>();
  const entries: { id: string; map: Y.Map<unknown> }[] = [];
  for (const item of array) {
    if (!(item instanceof Y.Map)) continue;
    const id: unknown = item.get('id');
    if (typeof id !== 'string' || id === '' || seen.has(id)) continue;
    seen.add(id);
    entries.push({ id, map: item as Y.Map<unknown> });
  }
  return entries;
}

/** `value` when it is one of `allowed`, else `fallback`: for reads that must not throw. */
export function enumOr<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** `value` when it is a string, else `fallback`. */
export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
