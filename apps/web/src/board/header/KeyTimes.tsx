import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import {
  detectionLearnedAt,
  durationViews,
  KEY_TIME_LABELS,
  KEY_TIMES,
  setKeyTime,
  type DurationView,
  type KeyTime,
} from '@hindsight/review';
import { timeFormat, viewerTimeZone } from '../timeline/time';
import { useLearnedEvents } from '../timeline/use-timeline';
import { ClearIcon, WarningIcon } from '../../ui/icons';
import { isoToLocalInput, localInputToIso } from './key-times';
import './key-times.css';

/** How long typing may pause before a complete key time is shared. */
const SHARE_AFTER_MS = 600;

const shownFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface KeyTimesProps {
  doc: Y.Doc;
  times: Partial<Record<KeyTime, string>>;
  canEdit: boolean;
}

/**
 * The incident's key times, each in the viewer's own time zone, with the durations they imply
 * under the time each one ends at. A duration below zero means the times are out of order.
 */
export function KeyTimes({ doc, times, canEdit }: KeyTimesProps) {
  const headingId = useId();
  const format = useMemo(() => timeFormat(viewerTimeZone()), []);
  // named as it was at the incident: a summer incident reviewed in winter is still in EDT
  const zone = format.zone(Object.values(times));
  const learned = useLearnedEvents(doc);
  const durations = new Map(durationViews(times, learned).map((view) => [view.end, view]));
  // time to detect runs to when the detection was seen, when the timeline records that
  const detectionSeen = detectionLearnedAt(times, learned);
  const seenNote = detectionSeen !== times.detected && detectionSeen ? format.time(detectionSeen) : null;
  return (
    <section className="key-times" aria-labelledby={headingId} data-testid="key-times">
      <div className="key-times__head">
        <h2 id={headingId}>Key times</h2>
        <p className="hint" data-testid="key-times-zone">
          In your time zone: {zone}
        </p>
      </div>
      <ol className="key-times__list">
        {KEY_TIMES.map((name) => (
          <li key={name} className="key-time">
            <KeyTimeField doc={doc} name={name} iso={times[name]} canEdit={canEdit} />
            <Duration view={durations.get(name)} seenAt={name === 'detected' ? seenNote : null} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function KeyTimeField({
  doc,
  name,
  iso,
  canEdit,
}: {
  doc: Y.Doc;
  name: KeyTime;
  iso: string | undefined;
  canEdit: boolean;
}) {
  const id = useId();
  const unsavedId = useId();
  const label = KEY_TIME_LABELS[name];
  const stored = iso ? isoToLocalInput(iso) : '';
  // What the person is typing; null when not editing, so remote changes show straight away.
  const [draft, setDraft] = useState<string | null>(null);
  const commitRef = useRef(() => {});
  // True while the typed value has a blank part (the input then reads '').
  const [incomplete, setIncomplete] = useState(false);
  const complete = canEdit && draft !== null && draft !== '' && localInputToIso(draft) !== null;

  useEffect(() => {
    if (!complete) return;
    const timer = setTimeout(() => commitRef.current(), SHARE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [draft, complete]);

  if (!canEdit) {
    return (
      <>
        <span className="key-time__label">{label}</span>
        <span className="key-time__value" data-testid={`key-time-${name}`}>
          {iso ? (
            <time dateTime={iso}>{shownFormat.format(new Date(iso))}</time>
          ) : (
            <span className="muted">Not set</span>
          )}
        </span>
      </>
    );
  }

  // Shared once the value is a complete time and typing pauses (or at once on Enter or blur):
  // typing "10:45" passes through 01:45, and peers (and the undo stack) should see one change.
  const commit = () => {
    if (draft === null) return;
    if (draft === '') {
      // '' is either a cleared field (shared on leaving it) or an unfinished one (kept as typed)
      if (!incomplete) {
        setDraft(null);
        if (iso) setKeyTime(doc, name, null);
      }
      return;
    }
    const next = localInputToIso(draft);
    if (!next) return;
    setDraft(null);
    if (next !== iso) setKeyTime(doc, name, next);
  };
  commitRef.current = commit;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape' && draft !== null) {
      event.preventDefault();
      setDraft(null);
      setIncomplete(false);
    }
  };
  // Typing into an empty field fires no change until every part is filled: look at the input.
  const noticeBlankPart = (event: { currentTarget: HTMLInputElement }) => {
    if (!event.currentTarget.validity.badInput || incomplete) return;
    setDraft('');
    setIncomplete(true);
  };
  const unsaved = draft !== null && (draft !== stored || incomplete);

  return (
    <>
      <label className="key-time__label" htmlFor={id}>
        {label}
      </label>
      <div className="key-time__row">
        <input
          id={id}
          type="datetime-local"
          className={unsaved ? 'key-time__input key-time__input--unsaved' : 'key-time__input'}
          data-testid={`key-time-${name}`}
          data-unsaved={unsaved || undefined}
          aria-describedby={unsaved ? unsavedId : undefined}
          value={draft ?? stored}
          onChange={(event) => {
            setDraft(event.currentTarget.value);
            // a datetime-local reads '' both when cleared and while a part is still blank
            setIncomplete(event.currentTarget.validity.badInput);
          }}
          onKeyUp={noticeBlankPart}
          onBlur={(event) => {
            noticeBlankPart(event);
            commit();
          }}
          onKeyDown={onKeyDown}
        />
        {iso && draft === null && (
          <button
            type="button"
            className="icon-button key-time__clear"
            onClick={() => setKeyTime(doc, name, null)}
            aria-label={`Clear ${label.toLowerCase()} time`}
            title={`Clear ${label.toLowerCase()} time`}
          >
            <ClearIcon />
          </button>
        )}
      </div>
      {unsaved && (
        <span id={unsavedId} className="key-time__unsaved" data-testid={`key-time-${name}-unsaved`}>
          {incomplete ? 'Unsaved: finish the date and time' : 'Unsaved'}
        </span>
      )}
    </>
  );
}

function Duration({ view, seenAt }: { view: DurationView | undefined; seenAt: string | null }) {
  if (!view) return <p className="key-time__duration key-time__duration--origin">Incident start</p>;
  return (
    <p
      className={view.outOfOrder ? 'key-time__duration key-time__duration--warning' : 'key-time__duration'}
      data-testid={`duration-${view.name}`}
      data-out-of-order={view.outOfOrder || undefined}
    >
      <span className="key-time__duration-label">{view.label}</span>{' '}
      <strong data-testid={`duration-${view.name}-value`}>{view.text ?? '—'}</strong>
      {seenAt && (
        <span className="key-time__seen" data-testid={`duration-${view.name}-seen`}>
          {' '}
          until seen at {seenAt}
        </span>
      )}
      {view.outOfOrder && (
        <span className="key-time__warning">
          <WarningIcon />
          Before the start: check the times
        </span>
      )}
    </p>
  );
}
