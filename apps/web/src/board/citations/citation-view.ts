import type * as Y from 'yjs';
import { citedEvent, REMOVED_EVENT_LABEL } from '@hindsight/review';
import type { TimeFormat } from '../timeline/time';

/** What a citation shows, read from the live document: the event's time and current words. */
export type CitationView =
  | { removed: false; eventId: string; time: string; fullTime: string; text: string }
  | { removed: true; text: string };

/** How the citation of `eventId` reads now; a removed (or never existing) event reads as such. */
export function citationView(doc: Y.Doc, eventId: unknown, format: TimeFormat): CitationView {
  const event = citedEvent(doc, eventId);
  if (!event) return { removed: true, text: REMOVED_EVENT_LABEL };
  return {
    removed: false,
    eventId: event.id,
    time: format.time(event.at),
    fullTime: format.full(event.at),
    text: citationText(event.text),
  };
}

/** An event's words as a citation shows them: on one line, never empty. */
export function citationText(text: string): string {
  return text.replace(/\s+/g, ' ').trim() || 'Untitled event';
}

/** The anchor of an event's row (on the board's timeline and in the report). */
export function eventAnchorId(eventId: string): string {
  return `event-${eventId}`;
}

const HIGHLIGHT_MS = 2_500;

/**
 * Scrolls the event's row on the timeline (the board's, or the report's) into view, moves focus to
 * it and highlights it for a moment. False when the event is not shown (removed, or hidden by the
 * time scrubber). Never through the address: its fragment holds the link's token.
 */
export function revealEvent(eventId: string, root: ParentNode = document): boolean {
  const id = CSS.escape(eventId);
  const row = root.querySelector<HTMLElement>(
    `[data-testid="timeline-event"][data-event-id="${id}"], [data-testid="report-event"][data-event-id="${id}"]`,
  );
  if (!row) return false;
  row.scrollIntoView({ block: 'center', behavior: 'smooth' });
  if (!row.hasAttribute('tabindex')) row.tabIndex = -1;
  row.focus({ preventScroll: true });
  row.classList.remove('timeline-row--cited');
  // restart the animation when the same event is revealed twice in a row
  void row.offsetWidth;
  row.classList.add('timeline-row--cited');
  row.dataset.cited = 'true';
  window.setTimeout(() => {
    row.classList.remove('timeline-row--cited');
    delete row.dataset.cited;
  }, HIGHLIGHT_MS);
  return true;
}
