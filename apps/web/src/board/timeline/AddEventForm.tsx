import { useRef, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import {
  addTimelineEvent,
  REVIEW_LIMITS,
  TIMELINE_KIND_LABELS,
  TIMELINE_KINDS,
  type TimelineKind,
} from '@hindsight/review';
import { FieldWithHints } from '../hints/HintedField';
import { isoToLocalInput, localInputToIso, type TimeFormat } from './time';
import './add-event-form.css';

interface AddEventFormProps {
  doc: Y.Doc;
  format: TimeFormat;
  /** Called with the new event's id (to scroll to it). */
  onAdded: (id: string) => void;
}

/** The row of fields that adds one event. Time and kind stay after adding, for entering a sequence quickly. */
export function AddEventForm({ doc, format, onAdded }: AddEventFormProps) {
  const [when, setWhen] = useState(() =>
    isoToLocalInput(new Date().toISOString().replace(/\.\d+Z$/, '.000Z'), format.timeZone),
  );
  const [kind, setKind] = useState<TimelineKind>('action');
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState('');
  const textRef = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const at = localInputToIso(when, format.timeZone);
    if (!at) return setError('Enter a complete date and time.');
    if (text.trim() === '') {
      setError('Describe what happened.');
      textRef.current?.focus();
      return;
    }
    setError('');
    const id = addTimelineEvent(doc, { at, kind, text: text.trim(), source: source.trim() });
    setText('');
    textRef.current?.focus();
    onAdded(id);
  };

  return (
    <form className="timeline-add" onSubmit={submit} aria-label="Add a timeline event" noValidate>
      <div className="field timeline-add__when">
        <label className="field-label" htmlFor="timeline-add-when">
          When
        </label>
        <input
          id="timeline-add-when"
          type="datetime-local"
          step={1}
          required
          value={when}
          onChange={(event) => setWhen(event.currentTarget.value)}
        />
      </div>
      <div className="field timeline-add__kind">
        <label className="field-label" htmlFor="timeline-add-kind">
          Kind
        </label>
        <select
          id="timeline-add-kind"
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as TimelineKind)}
        >
          {TIMELINE_KINDS.map((value) => (
            <option key={value} value={value}>
              {TIMELINE_KIND_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <div className="field timeline-add__text">
        <label className="field-label" htmlFor="timeline-add-text">
          What happened
        </label>
        <FieldWithHints value={text} onApply={(next) => setText(next.slice(0, REVIEW_LIMITS.textMaxLength))}>
          <input
            id="timeline-add-text"
            ref={textRef}
            value={text}
            maxLength={REVIEW_LIMITS.textMaxLength}
            autoComplete="off"
            placeholder="e.g. Alert fired for checkout-api latency"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'timeline-add-error' : undefined}
            onChange={(event) => setText(event.currentTarget.value)}
          />
        </FieldWithHints>
      </div>
      <div className="field timeline-add__source">
        <label className="field-label" htmlFor="timeline-add-source">
          Source <span className="muted">(optional)</span>
        </label>
        <input
          id="timeline-add-source"
          value={source}
          maxLength={REVIEW_LIMITS.labelMaxLength}
          autoComplete="off"
          placeholder="chat, pager…"
          onChange={(event) => setSource(event.currentTarget.value)}
        />
      </div>
      <button type="submit" className="button timeline-add__submit">
        Add event
      </button>
      {error && (
        <p className="timeline-add__error" id="timeline-add-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
