import * as Y from 'yjs';
import { TIMELINE_KINDS } from './schema';
import type { TimelineEvent, TimelineKind } from './schema';
import { enumOr, findEntry, requireEntry, stringOr, timelineArray, wellFormedEntries } from './doc';
import { newId } from './ids';
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

/** Input of `addTimelineEvent`. */
export interface TimelineEventInput {
  /** ISO 8601 with a zone; stored normalised to UTC. */
  at: string;
  kind: TimelineKind;
  text: string;
  /** Where the event was taken from (a chat channel, a dashboard); '' when omitted. */
  source?: string;
}

/** Fields `updateTimelineEvent` may change; absent fields are left alone. */
export type TimelineEventPatch = Partial<TimelineEventInput>;

/** Appends a timeline event and returns its new id. */
export function addTimelineEvent(doc: Y.Doc, input: TimelineEventInput): string {
  checkObject('timeline event', input);
  const at = checkIsoTimestamp('at', input.at);
  const kind = checkEnum('kind', input.kind, TIMELINE_KINDS);
  const text = checkString('text', input.text, REVIEW_LIMITS.textMaxLength);
  const source = input.source === undefined ? '' : checkString('source', input.source, REVIEW_LIMITS.labelMaxLength);
  const id = newId();
  const event = new Y.Map<unknown>();
  event.set('id', id);
  event.set('at', at);
  event.set('kind', kind);
  event.set('text', createText(text));
  event.set('source', source);
  timelineArray(doc).push([event]);
  return id;
}

/** Changes the given fields of one event in one transaction; text by minimal diff. */
export function updateTimelineEvent(doc: Y.Doc, id: string, patch: TimelineEventPatch): void {
  checkObject('patch', patch);
  const at = patch.at === undefined ? undefined : checkIsoTimestamp('at', patch.at);
  const kind = patch.kind === undefined ? undefined : checkEnum('kind', patch.kind, TIMELINE_KINDS);
  const text = patch.text === undefined ? undefined : checkString('text', patch.text, REVIEW_LIMITS.textMaxLength);
  const source =
    patch.source === undefined ? undefined : checkString('source', patch.source, REVIEW_LIMITS.labelMaxLength);
  const { map } = requireEntry(timelineArray(doc), checkId('id', id), 'timeline event');
  doc.transact(() => {
    if (at !== undefined) map.set('at', at);
    if (kind !== undefined) map.set('kind', kind);
    if (text !== undefined) writeTextField(map, 'text', text);
    if (source !== undefined) map.set('source', source);
  });
}

/** Removes one event. */
export function removeTimelineEvent(doc: Y.Doc, id: string): void {
  const timeline = timelineArray(doc);
  const { index } = requireEntry(timeline, checkId('id', id), 'timeline event');
  timeline.delete(index, 1);
}

/** All events in stored (insertion) order; use `sortTimeline` for display. Entries without a valid time are skipped. */
export function listTimeline(doc: Y.Doc): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const { id, map } of wellFormedEntries(timelineArray(doc))) {
    const storedAt = map.get('at');
    const at = typeof storedAt === 'string' ? parseIsoTimestamp(storedAt) : undefined;
    if (at === undefined) continue; // an event with no time cannot be placed on the timeline
    events.push({
      id,
      at,
      kind: enumOr(map.get('kind'), TIMELINE_KINDS, 'other'),
      text: readText(map.get('text')),
      source: stringOr(map.get('source'), ''),
    });
  }
  return events;
}

/** The Y.Text of one event's text, for binding an editor; undefined for an unknown id or malformed entry. */
export function timelineEventText(doc: Y.Doc, id: string): Y.Text | undefined {
  const text = findEntry(timelineArray(doc), id)?.map.get('text');
  return text instanceof Y.Text ? text : undefined;
}
