import { memo, useMemo, type ReactNode } from 'react';
import type { KeyTime, TimelineEvent } from '@hindsight/review';
import {
  CONTEXT_FIELD_LABELS,
  CONTEXT_FIELDS,
  KEY_TIME_LABELS,
  keyTimesByInstant,
  learnedGapText,
  TIMELINE_KIND_LABELS,
  unseenAt,
} from '@hindsight/review';
import { localDay, timeFormat, viewerTimeZone, type TimeFormat } from '../board/timeline/time';
import { ReportSection } from './ReportSection';
import { eventAnchorId } from '../board/citations/citation-view';
import './report-table.css';

interface ReportTimelineProps {
  events: readonly TimelineEvent[];
  times: Partial<Record<KeyTime, string>>;
}

/** The timeline as a table in time order, one header row per day, key times marked on their events. */
/** The answered questions of an event's context, under its text; nothing when none is answered. */
function EventContext({ event }: { event: TimelineEvent }) {
  const answered = CONTEXT_FIELDS.filter((field) => (event.context?.[field] ?? '').trim() !== '');
  if (answered.length === 0) return null;
  return (
    <dl className="report-context" data-testid="report-event-context">
      {answered.map((field) => (
        <div key={field}>
          <dt>{CONTEXT_FIELD_LABELS[field]}</dt>
          <dd>{event.context![field]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Under a decision: what had already happened but nobody knew yet, so the reader weighs it fairly. */
function UnseenThen({
  decision,
  events,
  format,
}: {
  decision: TimelineEvent;
  events: readonly TimelineEvent[];
  format: TimeFormat;
}) {
  const unseen = unseenAt(events, decision.at);
  if (unseen.length === 0) return null;
  return (
    <p className="report-unseen" data-testid="report-event-unseen">
      Not yet known then:{' '}
      {unseen
        .map((event) => `${event.text} (happened ${format.time(event.at)}, seen ${format.time(event.learnedAt!)})`)
        .join('; ')}
    </p>
  );
}

export const ReportTimeline = memo(function ReportTimeline({ events, times }: ReportTimelineProps) {
  const format = useMemo(() => timeFormat(viewerTimeZone()), []);
  const keyTimes = keyTimesByInstant(times);
  const rows: ReactNode[] = [];
  let day = '';
  for (const event of events) {
    const eventDay = localDay(event.at, format.timeZone);
    if (eventDay !== day) {
      day = eventDay;
      rows.push(
        <tr key={`day-${eventDay}`} className="report-table__day">
          <th colSpan={4} scope="colgroup">
            {format.day(event.at)}
          </th>
        </tr>,
      );
    }
    const marks = keyTimes.get(event.at) ?? [];
    rows.push(
      <tr key={event.id} id={eventAnchorId(event.id)} data-testid="report-event" data-event-id={event.id}>
        <td className="report-table__time">
          <time dateTime={event.at} title={format.full(event.at)}>
            {format.time(event.at)}
          </time>
          {event.learnedAt && (
            <span className="report-learned" data-testid="report-event-learned" title={format.full(event.learnedAt)}>
              {learnedGapText(event)}
            </span>
          )}
        </td>
        <td className="report-table__kind">
          <span className={`report-kind report-kind--${event.kind}`}>{TIMELINE_KIND_LABELS[event.kind]}</span>
        </td>
        <td className="report-table__text">
          {marks.map((mark) => (
            <span key={mark} className="report-keytag" data-testid="report-event-keytime">
              {KEY_TIME_LABELS[mark]}
            </span>
          ))}
          <span data-testid="report-event-text">{event.text}</span>
          <EventContext event={event} />
          {event.kind === 'decision' && <UnseenThen decision={event} events={events} format={format} />}
        </td>
        <td className="report-table__source">{event.source}</td>
      </tr>,
    );
  }
  return (
    <ReportSection id="report-timeline" title="Timeline" testId="report-timeline">
      {events.length === 0 ? (
        <p className="report-empty">No timeline events were recorded.</p>
      ) : (
        <>
          <p className="report-note">Times in {format.zone([events[0]?.at, events[events.length - 1]?.at])}.</p>
          <table className="report-table report-table--timeline">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Type</th>
                <th scope="col">Event</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>{rows}</tbody>
          </table>
        </>
      )}
    </ReportSection>
  );
});
