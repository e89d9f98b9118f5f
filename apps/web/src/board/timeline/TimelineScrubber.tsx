import { useId } from 'react';
import { durationViews, KEY_TIME_LABELS, KEY_TIMES, keyTimesAsOf, scrubRange, type KeyTime } from '@hindsight/review';
import type { TimeFormat } from './time';
import type { TimelineEntry } from './timeline-view';
import './timeline-scrubber.css';

/** The slider moves a minute at a time: finer than any review needs, coarse enough for the arrow keys. */
const STEP_MS = 60_000;

interface TimelineScrubberProps {
  entries: readonly TimelineEntry[];
  keyTimes: Partial<Record<KeyTime, string>>;
  format: TimeFormat;
  /** The instant shown, or null while the whole timeline is shown. */
  asOf: string | null;
  onChange: (asOf: string | null) => void;
}

/**
 * Replays the review as the responders saw it: a slider over the incident's span; the timeline
 * then lists only the events known by that instant, and this bar says which key times were reached
 * and the durations they give.
 */
export function TimelineScrubber({ entries, keyTimes, format, asOf, onChange }: TimelineScrubberProps) {
  const id = useId();
  const range = scrubRange(keyTimes, entries);
  if (!range) return null;
  const from = Date.parse(range.from);
  const steps = Math.max(1, Math.ceil((Date.parse(range.to) - from) / STEP_MS));
  if (asOf === null) {
    return (
      <div className="timeline-scrubber timeline-scrubber--off">
        <button type="button" className="button button--secondary" onClick={() => onChange(range.from)}>
          Replay what was known when…
        </button>
      </div>
    );
  }
  const step = Math.min(steps, Math.max(0, Math.round((Date.parse(asOf) - from) / STEP_MS)));
  const reached = keyTimesAsOf(keyTimes, entries, asOf);
  const durations = new Map(durationViews(reached, entries).map((view) => [view.end, view]));
  return (
    <div className="timeline-scrubber" role="group" aria-label="What was known when" data-testid="scrubber">
      <label className="field-label" htmlFor={id}>
        As the responders saw it at <strong>{format.time(asOf)}</strong>
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={steps}
        step={1}
        value={step}
        data-testid="scrubber-range"
        aria-valuetext={format.full(asOf)}
        onChange={(event) => onChange(new Date(from + Number(event.currentTarget.value) * STEP_MS).toISOString())}
      />
      <button type="button" className="button button--secondary" onClick={() => onChange(null)}>
        Show everything
      </button>
      <ul className="timeline-scrubber__times" data-testid="scrubber-key-times">
        {KEY_TIMES.map((key) => {
          const duration = durations.get(key);
          return (
            <li key={key} data-testid={`scrubber-${key}`} data-reached={reached[key] ? true : undefined}>
              {KEY_TIME_LABELS[key]}: {reached[key] ? format.time(reached[key]!) : 'not yet'}
              {duration?.text && <span data-testid={`scrubber-${duration.name}`}> ({duration.text})</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
