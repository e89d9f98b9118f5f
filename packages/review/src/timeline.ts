import * as Y from 'yjs';
import { TIMELINE_KINDS } from './schema';
import type { TimelineEvent, TimelineKind } from './schema';
import { enumOr, findEntry, requireEntry, stringOr, timelineArray, wellFormedEntries } from './doc';
import { newId } from './ids';
import { createText, readText, writeTextField } from './text';
import { newContextMap, readEventContext } from './event-context';
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
  /** When the team learned of it (ISO 8601 with a zone); omitted when not recorded. */
  learnedAt?: string;
}

/** Fields `updateTimelineEvent` may change; absent fields are left alone, `learnedAt: null` clears it. */
export type TimelineEventPatch = Partial<Omit<TimelineEventInput, 'learnedAt'>> & { learnedAt?: string | null };

/** Appends a timeline event and returns its new id. */
export function addTimelineEvent(doc: Y.Doc, input: TimelineEventInput): string {
  checkObject('timeline event', input);
  const at = checkIsoTimestamp('at', input.at);
  const kind = checkEnum('kind', input.kind, TIMELINE_KINDS);
  const text = checkString('text', input.text, REVIEW_LIMITS.textMaxLength);
  const source = input.source === undefined ? '' : checkString('source', input.source, REVIEW_LIMITS.labelMaxLength);
  const learnedAt = input.learnedAt === undefined ? undefined : checkIsoTimestamp('learnedAt', input.learnedAt);
  const id = newId();
  const event = new Y.Map<unknown>();
  event.set('id', id);
  event.set('at', at);
  event.set('kind', kind);
  event.set('text', createText(text));
  event.set('source', source);
  if (learnedAt !== undefined) event.set('learnedAt', learnedAt);
  event.set('context', newContextMap());
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
  const learnedAt =
    patch.learnedAt === undefined || patch.learnedAt === null
      ? patch.learnedAt
      : checkIsoTimestamp('learnedAt', patch.learnedAt);
  const { map } = requireEntry(timelineArray(doc), checkId('id', id), 'timeline event');
  doc.transact(() => {
    if (at !== undefined) map.set('at', at);
    if (kind !== undefined) map.set('kind', kind);
    if (text !== undefined) writeTextField(map, 'text', text);
    if (source !== undefined) map.set('source', source);
    if (learnedAt === null) map.delete('learnedAt');
    else if (learnedAt !== undefined) map.set('learnedAt', learnedAt);
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
    const kind = enumOr(map.get('kind'), TIMELINE_KINDS, 'other');
    const event: TimelineEvent = {
      id,
      at,
      kind,
      text: readText(map.get('text')),
      source: stringOr(map.get('source'), ''),
    };
    const storedLearnedAt = map.get('learnedAt');
    const learnedAt = typeof storedLearnedAt === 'string' ? parseIsoTimestamp(storedLearnedAt) : undefined;
    if (learnedAt !== undefined) event.learnedAt = learnedAt;
    const context = readEventContext(map, kind);
    if (context !== undefined) event.context = context;
    events.push(event);
  }
  return events;
}

/** The Y.Text of one event's text, for binding an editor; undefined for an unknown id or malformed entry. */
export function timelineEventText(doc: Y.Doc, id: string): Y.Text | undefined {
  const text = findEntry(timelineArray(doc), id)?.map.get('text');
  return text instanceof Y.Text ? text : undefined;
}
