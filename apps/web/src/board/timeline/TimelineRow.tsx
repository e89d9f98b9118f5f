import { memo, useEffect, useState, type CSSProperties, type FocusEvent } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import {
  addEventContext,
  KEY_TIME_LABELS,
  learnedGapMs,
  learnedGapText,
  KEY_TIMES,
  removeTimelineEvent,
  REVIEW_LIMITS,
  setKeyTime,
  TIMELINE_KIND_LABELS,
  TIMELINE_KINDS,
  updateTimelineEvent,
  type KeyTime,
  type TimelineKind,
} from '@hindsight/review';
import { setEditing, type PeerPresence } from '../../collab/presence';
import { EventTrashIcon, PencilIcon } from '../../ui/icons';
import { EventContextCard } from './EventContextCard';
import { EventText, EventTextView } from './EventText';
import { isoToLocalInput, localInputToIso, type TimeFormat } from './time';
import { keyTimeChanges, keyTimesFollowing, type TimelineEntry } from './timeline-view';
import './timeline-row.css';

interface TimelineRowProps {
  doc: Y.Doc;
  awareness: Awareness;
  entry: TimelineEntry;
  /** The key times that fall on this event's instant (badges). */
  keyTimes: readonly KeyTime[];
  /** All key times, read when the row changes them (never rendered). */
  readKeyTimes: () => Partial<Record<KeyTime, string>>;
  editors: readonly PeerPresence[];
  canEdit: boolean;
  format: TimeFormat;
  fresh: boolean;
}

/** One event on the timeline. Memoised: re-renders only when this event, its badges or its editors change. */
export const TimelineRow = memo(function TimelineRow({
  doc,
  awareness,
  entry,
  keyTimes,
  readKeyTimes,
  editors,
  canEdit,
  format,
  fresh,
}: TimelineRowProps) {
  const [editingDetails, setEditingDetails] = useState(false);
  const time = format.time(entry.at);
  const target = `timeline:${entry.id}`;

  const onFocus = () => setEditing(awareness, target);
  const onBlur = (event: FocusEvent<HTMLLIElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setEditing(awareness, null);
  };

  const markKeyTime = (choice: KeyTime | null) => {
    const changes = keyTimeChanges(entry.at, readKeyTimes(), choice);
    doc.transact(() => {
      for (const [key, at] of changes) setKeyTime(doc, key, at);
    });
  };

  const className = [
    'timeline-row',
    `timeline-row--${entry.kind}`,
    keyTimes.length > 0 ? 'timeline-row--key' : '',
    fresh ? 'timeline-row--fresh' : '',
    editors.length > 0 ? 'timeline-row--peer' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <li
      className={className}
      data-testid="timeline-event"
      data-event-id={entry.id}
      data-at={entry.at}
      style={editors[0] ? ({ '--editor-color': editors[0].user.color } as CSSProperties) : undefined}
      onFocus={canEdit ? onFocus : undefined}
      onBlur={canEdit ? onBlur : undefined}
    >
      <div className="timeline-row__when">
        <time className="timeline-row__time" dateTime={entry.at} title={format.full(entry.at)}>
          {time}
        </time>
        {entry.learnedAt && <LearnedGap at={entry.at} learnedAt={entry.learnedAt} format={format} />}
      </div>
      <div className="timeline-row__body">
        <div className="timeline-row__meta">
          <span className={`timeline-kind timeline-kind--${entry.kind}`}>{TIMELINE_KIND_LABELS[entry.kind]}</span>
          {keyTimes.map((key) => (
            <span key={key} className={`timeline-key timeline-key--${key}`} data-testid="key-time-badge">
              {KEY_TIME_LABELS[key]}
            </span>
          ))}
          {entry.source && <span className="timeline-row__source">{entry.source}</span>}
          {editors.length > 0 && <EditorMarkers editors={editors} />}
          {canEdit && (
            <div className="timeline-row__actions">
              <label className="visually-hidden" htmlFor={`key-${entry.id}`}>
                Key time for the event at {time}
              </label>
              <select
                id={`key-${entry.id}`}
                className="timeline-row__key-select"
                value={keyTimes[0] ?? ''}
                onChange={(event) => markKeyTime((event.currentTarget.value || null) as KeyTime | null)}
              >
                <option value="">{keyTimes.length > 0 ? 'Not a key time' : 'Key time…'}</option>
                {KEY_TIMES.map((key) => (
                  <option key={key} value={key}>
                    {KEY_TIME_LABELS[key]}
                  </option>
                ))}
              </select>
              {!entry.hasContext && (
                <button
                  type="button"
                  className="timeline-row__add-context"
                  aria-label={`Add context to the event at ${time}`}
                  title="What was known, the goal, the pressures"
                  onClick={() => addEventContext(doc, entry.id)}
                >
                  Add context
                </button>
              )}
              <button
                type="button"
                className="timeline-icon-button"
                aria-expanded={editingDetails}
                aria-controls={`details-${entry.id}`}
                aria-label={`Edit time, kind and source of the event at ${time}`}
                title="Edit time, kind and source"
                onClick={() => setEditingDetails((open) => !open)}
              >
                <PencilIcon />
              </button>
              <button
                type="button"
                className="timeline-icon-button timeline-icon-button--danger"
                aria-label={`Delete the event at ${time}`}
                title="Delete event"
                onClick={() => {
                  setEditing(awareness, null);
                  removeTimelineEvent(doc, entry.id);
                }}
              >
                <EventTrashIcon />
              </button>
            </div>
          )}
        </div>
        {canEdit ? (
          <EventText doc={doc} eventId={entry.id} label={`What happened at ${time}`} />
        ) : (
          <EventTextView doc={doc} eventId={entry.id} />
        )}
        {entry.hasContext && <EventContextCard doc={doc} eventId={entry.id} time={time} canEdit={canEdit} />}
        {canEdit && editingDetails && (
          <EventDetails
            id={`details-${entry.id}`}
            doc={doc}
            entry={entry}
            format={format}
            readKeyTimes={readKeyTimes}
            onDone={() => setEditingDetails(false)}
          />
        )}
      </div>
    </li>
  );
});

interface EventDetailsProps {
  id: string;
  doc: Y.Doc;
  entry: TimelineEntry;
  format: TimeFormat;
  readKeyTimes: () => Partial<Record<KeyTime, string>>;
  onDone: () => void;
}

/** Time, kind and source of one event. The time is written on blur or Enter, so the row does not jump while typed. */
function EventDetails({ id, doc, entry, format, readKeyTimes, onDone }: EventDetailsProps) {
  const [when, setWhen] = useState(() => isoToLocalInput(entry.at, format.timeZone));
  const [timeError, setTimeError] = useState('');
  const learned = useLearnedAtDraft(doc, entry, format);
  // Someone else (or a key-time change) moved the event: show its new time.
  useEffect(() => setWhen(isoToLocalInput(entry.at, format.timeZone)), [entry.at, format.timeZone]);

  const commitTime = () => {
    const at = localInputToIso(when, format.timeZone);
    if (!at) {
      setTimeError('Enter a complete date and time.');
      return;
    }
    setTimeError('');
    if (at === entry.at) return;
    const follow = keyTimesFollowing(entry.at, at, readKeyTimes());
    doc.transact(() => {
      updateTimelineEvent(doc, entry.id, { at });
      for (const [key, value] of follow) setKeyTime(doc, key, value);
    });
  };

  return (
    <div className="timeline-details" id={id} role="group" aria-label="Event details">
      <div className="field timeline-details__when">
        <label className="field-label" htmlFor={`${id}-when`}>
          When <span className="timeline-details__zone">({format.zone([entry.at])})</span>
        </label>
        <input
          id={`${id}-when`}
          type="datetime-local"
          step={1}
          value={when}
          aria-invalid={timeError ? true : undefined}
          aria-describedby={timeError ? `${id}-when-error` : undefined}
          onChange={(event) => setWhen(event.currentTarget.value)}
          onBlur={commitTime}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitTime();
          }}
        />
        {timeError && (
          <span className="timeline-details__error" id={`${id}-when-error`}>
            {timeError}
          </span>
        )}
      </div>
      <div className="field timeline-details__learned">
        <label className="field-label" htmlFor={`${id}-learned`}>
          Learned of <span className="timeline-details__zone">(if later)</span>
        </label>
        <input
          id={`${id}-learned`}
          type="datetime-local"
          step={1}
          data-testid="learned-at"
          value={learned.value}
          aria-invalid={learned.error ? true : undefined}
          aria-describedby={learned.error ? `${id}-learned-error` : undefined}
          onChange={(event) => learned.setValue(event.currentTarget.value)}
          onBlur={learned.commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') learned.commit();
          }}
        />
        {learned.error && (
          <span className="timeline-details__error" id={`${id}-learned-error`}>
            {learned.error}
          </span>
        )}
      </div>
      <div className="field timeline-details__kind">
        <label className="field-label" htmlFor={`${id}-kind`}>
          Kind
        </label>
        <select
          id={`${id}-kind`}
          value={entry.kind}
          onChange={(event) => updateTimelineEvent(doc, entry.id, { kind: event.currentTarget.value as TimelineKind })}
        >
          {TIMELINE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {TIMELINE_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className="field timeline-details__source">
        <label className="field-label" htmlFor={`${id}-source`}>
          Source
        </label>
        <input
          id={`${id}-source`}
          value={entry.source}
          maxLength={REVIEW_LIMITS.labelMaxLength}
          placeholder="e.g. #incident chat"
          onChange={(event) => updateTimelineEvent(doc, entry.id, { source: event.currentTarget.value })}
        />
      </div>
      <button
        type="button"
        className="button button--secondary timeline-details__done"
        onClick={() => {
          commitTime();
          learned.commit();
          onDone();
        }}
      >
        Done
      </button>
    </div>
  );
}

/** "seen 17m later" under the event's time; the exact instant in its title. */
function LearnedGap({ at, learnedAt, format }: { at: string; learnedAt: string; format: TimeFormat }) {
  const text = learnedGapText({ at, learnedAt });
  const early = (learnedGapMs({ at, learnedAt }) ?? 0) < 0;
  return (
    <span
      className={early ? 'timeline-row__learned timeline-row__learned--warning' : 'timeline-row__learned'}
      data-testid="learned-gap"
      title={`The team learned of it at ${format.full(learnedAt)}`}
    >
      {text}
    </span>
  );
}

/** The "learned of" field's draft: written on blur or Enter; an empty field clears it. */
function useLearnedAtDraft(doc: Y.Doc, entry: TimelineEntry, format: TimeFormat) {
  const stored = entry.learnedAt ? isoToLocalInput(entry.learnedAt, format.timeZone) : '';
  const [value, setValue] = useState(stored);
  const [error, setError] = useState('');
  useEffect(() => setValue(stored), [stored]);
  const commit = () => {
    if (value === '') {
      setError('');
      if (entry.learnedAt) updateTimelineEvent(doc, entry.id, { learnedAt: null });
      return;
    }
    const learnedAt = localInputToIso(value, format.timeZone);
    if (!learnedAt) {
      setError('Enter a complete date and time, or leave it empty.');
      return;
    }
    setError('');
    if (learnedAt !== entry.learnedAt) updateTimelineEvent(doc, entry.id, { learnedAt });
  };
  return { value, setValue, error, commit };
}

function EditorMarkers({ editors }: { editors: readonly PeerPresence[] }) {
  const names = editors.map((peer) => peer.user.name).join(', ');
  return (
    <span className="timeline-editors" data-testid="timeline-editors" title={`${names} editing`}>
      {editors.map((peer) => (
        <span
          key={peer.clientId}
          className="timeline-editors__dot"
          style={{ background: peer.user.color }}
          aria-hidden="true"
        >
          {peer.user.name.trim().charAt(0).toUpperCase()}
        </span>
      ))}
      <span className="visually-hidden">{names} editing</span>
    </span>
  );
}
