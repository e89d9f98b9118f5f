import * as Y from 'yjs';
import { KEY_TIMES, SEVERITIES } from './schema';
import type { KeyTime, ReviewMeta, Severity } from './schema';
import { enumOr, isReviewInitialised, metaMap, REVIEW_DEFAULTS } from './doc';
import { readControl } from './control';
import { readText, writeTextField } from './text';
import { checkEnum, checkIsoTimestamp, checkString, parseIsoTimestamp, REVIEW_LIMITS } from './validate';

/** The review's metadata as plain data; missing or malformed fields read as their defaults. */
export function readMeta(doc: Y.Doc): ReviewMeta {
  const meta = metaMap(doc);
  const times: Partial<Record<KeyTime, string>> = {};
  for (const key of KEY_TIMES) {
    const value = meta.get(key);
    const iso = typeof value === 'string' ? parseIsoTimestamp(value) : undefined;
    if (iso !== undefined) times[key] = iso;
  }
  return {
    title: readText(meta.get('title')),
    severity: enumOr(meta.get('severity'), SEVERITIES, REVIEW_DEFAULTS.severity),
    // Closing is the facilitator's, through the server: read from the server-owned controls.
    status: readControl(doc).status,
    times,
  };
}

/**
 * The title's Y.Text, for binding an editor. Before the review is initialised (e.g. before the first
 * sync) this is a detached, empty Y.Text whose edits are not shared: creating a stored one then would
 * race the real title and could replace it. A malformed stored title is repaired into a Y.Text.
 */
export function titleText(doc: Y.Doc): Y.Text {
  const meta = metaMap(doc);
  const current = meta.get('title');
  if (current instanceof Y.Text) return current;
  if (!isReviewInitialised(doc)) return new Y.Text();
  const repaired = new Y.Text(readText(current));
  meta.set('title', repaired);
  return repaired;
}

/**
 * Sets the title by minimal diff, so concurrent typing elsewhere in the title survives. From a text
 * field, pass its caret after the edit so the change lands exactly where the person typed.
 */
export function setTitle(doc: Y.Doc, title: string, caret?: number): void {
  const next = checkString('title', title, REVIEW_LIMITS.titleMaxLength);
  doc.transact(() => writeTextField(metaMap(doc), 'title', next, caret));
}

/** Sets the severity (SEV1..SEV4). */
export function setSeverity(doc: Y.Doc, severity: Severity): void {
  metaMap(doc).set('severity', checkEnum('severity', severity, SEVERITIES));
}

/** Sets one key time (normalised ISO 8601 UTC), or clears it with null. */
export function setKeyTime(doc: Y.Doc, key: KeyTime, iso: string | null): void {
  const name = checkEnum('key time', key, KEY_TIMES);
  if (iso === null) {
    metaMap(doc).delete(name);
    return;
  }
  metaMap(doc).set(name, checkIsoTimestamp(name, iso));
}

/** Which key times fall on each instant: `{ '2026-03-14T10:00:15.000Z': ['detected'] }`. */
export function keyTimesByInstant(times: Partial<Record<KeyTime, string>>): Map<string, KeyTime[]> {
  const map = new Map<string, KeyTime[]>();
  for (const key of KEY_TIMES) {
    const at = times[key];
    if (at === undefined) continue;
    map.set(at, [...(map.get(at) ?? []), key]);
  }
  return map;
}
