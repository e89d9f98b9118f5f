import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import { KEY_TIMES, setKeyTime, type KeyTime } from '@hindsight/review';
import { durationViews, isoToLocalInput, localInputToIso, localZoneLabel, type DurationView } from './key-times';

const KEY_TIME_LABELS: Record<KeyTime, string> = {
  started: 'Started',
  detected: 'Detected',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

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
  const zone = useMemo(() => localZoneLabel(), []);
  const durations = new Map(durationViews(times).map((view) => [view.end, view]));
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
            <Duration view={durations.get(name)} />
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
  const label = KEY_TIME_LABELS[name];
  const stored = iso ? isoToLocalInput(iso) : '';
  // What the person is typing; null when not editing, so remote changes show straight away.
  const [draft, setDraft] = useState<string | null>(null);

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

  // Written on blur or Enter, not per keystroke: typing "10:45" passes through 01:xx, and peers
  // (and the undo stack) should see one change, not every intermediate time.
  const commit = () => {
    if (draft === null) return;
    setDraft(null);
    if (draft === stored) return;
    if (draft === '') {
      setKeyTime(doc, name, null);
      return;
    }
    const next = localInputToIso(draft);
    if (next) setKeyTime(doc, name, next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape' && draft !== null) {
      event.preventDefault();
      setDraft(null);
    }
  };

  return (
    <>
      <label className="key-time__label" htmlFor={id}>
        {label}
      </label>
      <div className="key-time__row">
        <input
          id={id}
          type="datetime-local"
          className="key-time__input"
          data-testid={`key-time-${name}`}
          value={draft ?? stored}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onBlur={commit}
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
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M4 4l8 8M12 4l-8 8" />
            </svg>
          </button>
        )}
      </div>
    </>
  );
}

function Duration({ view }: { view: DurationView | undefined }) {
  if (!view) return <p className="key-time__duration key-time__duration--origin">Incident start</p>;
  return (
    <p
      className={view.outOfOrder ? 'key-time__duration key-time__duration--warning' : 'key-time__duration'}
      data-testid={`duration-${view.name}`}
      data-out-of-order={view.outOfOrder || undefined}
    >
      <span className="key-time__duration-label">{view.label}</span>{' '}
      <strong data-testid={`duration-${view.name}-value`}>{view.text ?? '—'}</strong>
      {view.outOfOrder && (
        <span className="key-time__warning">
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M8 1.5 15 14H1z" />
            <path d="M8 6v4M8 11.5v.5" className="key-time__warning-mark" />
          </svg>
          Before the start: check the times
        </span>
      )}
    </p>
  );
}
