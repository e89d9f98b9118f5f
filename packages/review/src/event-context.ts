import * as Y from 'yjs';
import { CONTEXT_FIELDS } from './schema';
import type { ContextField, EventContext, TimelineKind } from './schema';
import { findEntry, requireEntry, timelineArray } from './doc';
import { checkEnum, checkId } from './validate';
import { createText, readText } from './text';

/*
 * A timeline event's context: three collaborative texts in a Y.Map under the event's `context` key.
 * Every event gets the map (empty texts) when it is created, whatever its kind, so two people who
 * open a card at once type into the same Y.Texts; creating them on first use would let one replica's
 * new map replace the other's, with the typing in it. `contextShown` records an explicit request.
 */

const CONTEXT_KEY = 'context';
const SHOWN_KEY = 'contextShown';

/** A new, empty context map to store on an event. */
export function newContextMap(initial?: Partial<EventContext>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const field of CONTEXT_FIELDS) map.set(field, createText(initial?.[field] ?? ''));
  return map;
}

/**
 * Gives every timeline event that lacks one its context map; returns how many it added. The server
 * runs it on a review it loads (an upgrade of documents from before context existed), so that no
 * client creates a map on first use: two doing so at once would lose one's typing (see above).
 */
export function addMissingEventContexts(doc: Y.Doc): number {
  let added = 0;
  doc.transact(() => {
    for (const event of timelineArray(doc)) {
      if (event instanceof Y.Map && !(event.get(CONTEXT_KEY) instanceof Y.Map)) {
        event.set(CONTEXT_KEY, newContextMap());
        added++;
      }
    }
  });
  return added;
}

/** Timeline events without a context map (documents from before context existed). */
export function countEventsWithoutContext(doc: Y.Doc): number {
  let missing = 0;
  for (const event of timelineArray(doc))
    if (event instanceof Y.Map && !(event.get(CONTEXT_KEY) instanceof Y.Map)) missing++;
  return missing;
}

/** The event's context when it has one to show (see TimelineEvent.context), else undefined. */
export function readEventContext(event: Y.Map<unknown>, kind: TimelineKind): EventContext | undefined {
  const stored = event.get(CONTEXT_KEY);
  const map = stored instanceof Y.Map ? stored : undefined;
  const context = Object.fromEntries(CONTEXT_FIELDS.map((field) => [field, readText(map?.get(field))])) as EventContext;
  const written = CONTEXT_FIELDS.some((field) => context[field] !== '');
  return kind === 'decision' || event.get(SHOWN_KEY) === true || written ? context : undefined;
}

/**
 * Shows the context card on any event. An event from before context existed gets its map now if the
 * server has not given it one yet (see addMissingEventContexts).
 */
export function addEventContext(doc: Y.Doc, id: string): void {
  const { map } = requireEntry(timelineArray(doc), checkId('id', id), 'timeline event');
  doc.transact(() => {
    if (!(map.get(CONTEXT_KEY) instanceof Y.Map)) map.set(CONTEXT_KEY, newContextMap());
    map.set(SHOWN_KEY, true);
  });
}

/** The Y.Text of one context field, for binding an editor; undefined when the event or its context is missing. */
export function eventContextText(doc: Y.Doc, id: string, field: ContextField): Y.Text | undefined {
  const name = checkEnum('context field', field, CONTEXT_FIELDS);
  const context = findEntry(timelineArray(doc), id)?.map.get(CONTEXT_KEY);
  if (!(context instanceof Y.Map)) return undefined;
  const text = context.get(name);
  return text instanceof Y.Text ? text : undefined;
}
