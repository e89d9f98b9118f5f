import type * as Y from 'yjs';
import type { TimelineEvent } from './schema';
import { listTimeline } from './timeline';

/**
 * Citations: a narrative section can cite a timeline event with an inline node that holds only the
 * event's id. Readers look the event up when they render, so a citation always shows the event's
 * current time and words, and an event removed since shows as "removed event".
 *
 * In the Y.Doc a citation is a Y.XmlElement named EVENT_REF_NODE whose one attribute,
 * EVENT_REF_ATTR, is the event's id (a y-prosemirror leaf node, like a hard break).
 */
export const EVENT_REF_NODE = 'eventRef';
export const EVENT_REF_ATTR = 'eventId';

/**
 * The shape of an id a citation may hold: what `newId` mints (22 url-safe characters), and in an
 * export file the event's ref (`E3`). Checked by the server on every citation a client writes.
 */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True for a string a citation may hold as its event id. */
export function isEventId(value: unknown): value is string {
  return typeof value === 'string' && EVENT_ID_PATTERN.test(value);
}

/** The event a citation names, as it reads now; null when it was removed (or never existed). */
export function citedEvent(doc: Y.Doc, eventId: unknown): TimelineEvent | null {
  if (!isEventId(eventId)) return null;
  return listTimeline(doc).find((event) => event.id === eventId) ?? null;
}

/** What a citation of a removed event says wherever it is shown. */
export const REMOVED_EVENT_LABEL = 'removed event';
