import { memo, useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import {
  detectionLearnedAt,
  durationViews,
  KEY_TIME_LABELS,
  KEY_TIMES,
  REVIEW_STATUS_LABELS,
  type KeyTime,
  type ReviewMeta,
  type TimelineEvent,
} from '@hindsight/review';
import { SEVERITY_DESCRIPTIONS } from '../app/severity';
import { timeFormat, viewerTimeZone } from '../board/timeline/time';
import { count, formatClock, formatDateLong, formatDateTime, formatDay } from './format';
import type { ReportClosing } from './report-model';
import './report-header.css';

export interface ReportCounts {
  events: number;
  findings: number;
  rootCauses: number;
  actions: number;
}

interface ReportHeaderProps {
  meta: ReviewMeta;
  closing: ReportClosing;
  /** When the review was created (from the API). */
  createdAt: string;
  counts: ReportCounts;
  /** The timeline, for time to detect (it runs to when the detection was seen). */
  timeline: readonly TimelineEvent[];
}

/** The report's head: title, severity, status, who closed it, the key times and their durations. */
export const ReportHeader = memo(function ReportHeader({
  meta,
  closing,
  createdAt,
  counts,
  timeline,
}: ReportHeaderProps) {
  const format = useMemo(() => timeFormat(viewerTimeZone()), []);
  const zone = format.zone(Object.values(meta.times));
  const durations = new Map(durationViews(meta.times, timeline).map((view) => [view.end, view]));
  const detectionSeen = detectionLearnedAt(meta.times, timeline);
  const seenAt = detectionSeen && detectionSeen !== meta.times.detected ? format.time(detectionSeen) : null;
  const closed = closing.status === 'closed';
  return (
    <header className="report-head" role="region" aria-label="Review">
      <p className="report-kicker">Post-incident review</p>
      <h1 id="report-title" className="report-title" data-testid="review-title">
        {meta.title.trim() || 'Untitled review'}
      </h1>
      <div className="report-facts">
        <span
          className={`badge severity severity--${meta.severity.toLowerCase()}`}
          data-testid="review-severity"
          data-severity={meta.severity}
        >
          {meta.severity}
        </span>
        <span className="report-facts__text">{SEVERITY_DESCRIPTIONS[meta.severity]}</span>
        <span
          className={`badge status status--${closing.status}`}
          data-testid="review-status"
          data-status={closing.status}
        >
          {REVIEW_STATUS_LABELS[closing.status]}
        </span>
        <span className="report-facts__text">Created {formatDateLong(createdAt)}</span>
      </div>
      {closed ? (
        <p className="report-state report-state--closed" data-testid="report-closed">
          {closing.closedBy ? `Closed by ${closing.closedBy}` : 'Closed'}
          {closing.closedAt && (
            <>
              {' on '}
              <time dateTime={closing.closedAt} title={formatDateTime(closing.closedAt)}>
                {formatDateLong(closing.closedAt)}
              </time>
            </>
          )}
          . This is the final record of the review.
        </p>
      ) : (
        <p className="report-state report-state--live" data-testid="report-live">
          <span className="screen-only">The review is in progress: this report follows the board live.</span>
          <span className="print-only">
            Draft, printed <PrintedAt /> while the review was still in progress.
          </span>
        </p>
      )}

      <section className="report-times" aria-labelledby="report-times-heading" data-testid="key-times">
        <div className="report-times__head">
          <h2 id="report-times-heading">Key times</h2>
          <p className="report-note" data-testid="key-times-zone">
            Times in {zone}
          </p>
        </div>
        <dl className="report-times__grid">
          {KEY_TIMES.map((name) => (
            <KeyTimeFact
              key={name}
              name={name}
              iso={meta.times[name]}
              duration={durations.get(name)}
              seenAt={name === 'detected' ? seenAt : null}
            />
          ))}
        </dl>
      </section>

      <p className="report-glance" data-testid="report-glance">
        {[
          count(counts.events, 'timeline event'),
          count(counts.findings, 'finding'),
          count(counts.rootCauses, 'root cause'),
          count(counts.actions, 'action item'),
        ].join(' · ')}
      </p>
    </header>
  );
});

function KeyTimeFact({
  name,
  iso,
  duration,
  seenAt,
}: {
  name: KeyTime;
  iso: string | undefined;
  duration: ReturnType<typeof durationViews>[number] | undefined;
  /** When the detection was seen, when later than the key time (time to detect runs to it). */
  seenAt: string | null;
}) {
  return (
    <div className="report-time">
      <dt>{KEY_TIME_LABELS[name]}</dt>
      <dd className="report-time__value" data-testid={`key-time-${name}`}>
        {iso ? (
          <time dateTime={iso} title={formatDateTime(iso)}>
            <span className="report-time__clock">{formatClock(iso)}</span>
            <span className="report-time__day">{formatDay(iso)}</span>
          </time>
        ) : (
          <span className="muted">Not recorded</span>
        )}
      </dd>
      {duration ? (
        <dd
          className={
            duration.outOfOrder ? 'report-time__duration report-time__duration--warning' : 'report-time__duration'
          }
          data-testid={`duration-${duration.name}`}
          data-out-of-order={duration.outOfOrder || undefined}
        >
          {duration.label} <strong data-testid={`duration-${duration.name}-value`}>{duration.text ?? '—'}</strong>
          {seenAt && <span data-testid={`duration-${duration.name}-seen`}> until seen at {seenAt}</span>}
          {duration.outOfOrder && <span> (before the start: check the times)</span>}
        </dd>
      ) : (
        <dd className="report-time__duration">Incident start</dd>
      )}
    </div>
  );
}

/** The moment the page is printed (updated just before the print dialog takes its snapshot). */
function PrintedAt() {
  const [at, setAt] = useState(() => new Date().toISOString());
  useEffect(() => {
    const update = () => flushSync(() => setAt(new Date().toISOString()));
    window.addEventListener('beforeprint', update);
    return () => window.removeEventListener('beforeprint', update);
  }, []);
  return <time dateTime={at}>{formatDateTime(at)}</time>;
}
