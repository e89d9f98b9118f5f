import { REMOVED_EVENT_LABEL } from '@hindsight/review';
import { citationText, eventAnchorId, revealEvent } from '../board/citations/citation-view';
import { timeFormat, viewerTimeZone } from '../board/timeline/time';
import '../board/citations/citation.css';

const format = timeFormat(viewerTimeZone());

/**
 * A citation in the report: the event's time and words as they read now, linking to its row in
 * the report's timeline (an anchor, so it works in a printed PDF's viewer too; in the page, a click
 * scrolls to the row, leaving the address alone).
 */
export function ReportCitation({ event }: { event: { id: string; at: string; text: string } | null }) {
  if (!event) {
    return (
      <span className="event-ref event-ref--removed" data-testid="event-ref">
        {REMOVED_EVENT_LABEL}
      </span>
    );
  }
  return (
    <a
      className="event-ref"
      href={`#${eventAnchorId(event.id)}`}
      data-testid="event-ref"
      data-event-id={event.id}
      // The address's fragment holds the link's token: scroll to the row instead of following the anchor.
      onClick={(click) => {
        if (revealEvent(event.id)) click.preventDefault();
      }}
    >
      <time className="event-ref__time" dateTime={event.at} title={format.full(event.at)}>
        {format.time(event.at)}
      </time>{' '}
      <span className="event-ref__text">{citationText(event.text)}</span>
    </a>
  );
}
