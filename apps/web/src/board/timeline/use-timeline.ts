import { useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { listTimeline, observeReview, readMeta, type KeyTime, type TimelineEvent } from '@hindsight/review';
import { usePeers, type PeerPresence } from '../../collab/presence';
import { nextEntries, sameKeyTimes, type TimelineEntry } from './timeline-view';

/** The timeline's events sorted by time; the same array until an event is added, removed, moved or re-kinded. */
export function useTimelineEntries(doc: Y.Doc): readonly TimelineEntry[] {
  const [entries, setEntries] = useState<readonly TimelineEntry[]>(() => nextEntries([], listTimeline(doc)));
  useEffect(() => {
    const update = () => setEntries((previous) => nextEntries(previous, listTimeline(doc)));
    update();
    return observeReview(doc, update);
  }, [doc]);
  return entries;
}

/** The incident's key times; the same object until one of them changes. */
export function useKeyTimes(doc: Y.Doc): Partial<Record<KeyTime, string>> {
  const [times, setTimes] = useState(() => readMeta(doc).times);
  useEffect(() => {
    const update = () =>
      setTimes((previous) => {
        const next = readMeta(doc).times;
        return sameKeyTimes(previous, next) ? previous : next;
      });
    update();
    return observeReview(doc, update);
  }, [doc]);
  return times;
}

/**
 * The events that record when the team learned of them, for the durations that derive from it; the
 * same array until one of those events moves or its learnedAt changes.
 */
export function useLearnedEvents(doc: Y.Doc): readonly TimelineEvent[] {
  const [events, setEvents] = useState<{ signature: string; events: readonly TimelineEvent[] }>(() =>
    learnedEvents(doc),
  );
  useEffect(() => {
    const update = () =>
      setEvents((previous) => {
        const next = learnedEvents(doc);
        return next.signature === previous.signature ? previous : next;
      });
    update();
    return observeReview(doc, update);
  }, [doc]);
  return events.events;
}

function learnedEvents(doc: Y.Doc): { signature: string; events: readonly TimelineEvent[] } {
  const events = listTimeline(doc).filter((event) => event.learnedAt !== undefined);
  return { signature: events.map((event) => `${event.id}@${event.at}>${event.learnedAt}`).join('|'), events };
}

const NO_EDITORS: readonly PeerPresence[] = [];

/**
 * Who else is editing which event, by event id. One awareness subscription for the whole list, and
 * each event's array keeps its identity while its editors stay the same, so rows do not re-render
 * when someone moves their caret elsewhere on the board.
 */
export function useTimelineEditors(awareness: Awareness | null): (eventId: string) => readonly PeerPresence[] {
  const peers = usePeers(awareness);
  const cache = useRef(new Map<string, { signature: string; editors: readonly PeerPresence[] }>());
  return useMemo(() => {
    const grouped = new Map<string, PeerPresence[]>();
    for (const peer of peers) {
      if (!peer.editing?.startsWith('timeline:')) continue;
      const id = peer.editing.slice('timeline:'.length);
      grouped.set(id, [...(grouped.get(id) ?? []), peer]);
    }
    const next = new Map<string, { signature: string; editors: readonly PeerPresence[] }>();
    for (const [id, editors] of grouped) {
      const signature = editors.map((peer) => `${peer.clientId}:${peer.user.name}:${peer.user.color}`).join('|');
      const old = cache.current.get(id);
      next.set(id, old && old.signature === signature ? old : { signature, editors });
    }
    cache.current = next;
    return (eventId: string) => next.get(eventId)?.editors ?? NO_EDITORS;
  }, [peers]);
}
