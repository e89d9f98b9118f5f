import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  addEventContext,
  applyTextDiff,
  CONTEXT_FIELD_LABELS,
  CONTEXT_FIELDS,
  eventContextText,
  observeReview,
  REVIEW_LIMITS,
  type ContextField,
} from '@hindsight/review';
import { useBoundField, useTextValue } from '../findings/use-bound-text';
import { HintedField } from '../hints/HintedField';
import './event-context.css';

const MAX_LENGTH = REVIEW_LIMITS.textMaxLength;

const PLACEHOLDERS: Record<ContextField, string> = {
  known: 'The signals, dashboards and messages they had at that moment',
  goal: 'What they meant this step to achieve',
  pressures: 'Time, alerts firing, missing access, conflicting signals…',
};

interface EventContextCardProps {
  doc: Y.Doc;
  eventId: string;
  /** The event's time as shown, for the fields' accessible names. */
  time: string;
  canEdit: boolean;
}

/**
 * The context of a decision (or of any event someone added it to): what the people involved knew,
 * what they were trying to achieve, and the pressures on them. Each answer is a shared text, edited
 * together like the event's own text.
 */
export function EventContextCard({ doc, eventId, time, canEdit }: EventContextCardProps) {
  return (
    <section className="event-context" aria-label={`Context of the event at ${time}`} data-testid="event-context">
      <h3 className="event-context__title">Context at the time</h3>
      <dl className="event-context__fields">
        {CONTEXT_FIELDS.map((field) => (
          <div key={field} className="event-context__field">
            <dt>{CONTEXT_FIELD_LABELS[field]}</dt>
            <dd>
              {canEdit ? (
                <ContextAnswer doc={doc} eventId={eventId} field={field} time={time} />
              ) : (
                <ContextAnswerView doc={doc} eventId={eventId} field={field} />
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

interface AnswerProps {
  doc: Y.Doc;
  eventId: string;
  field: ContextField;
}

/**
 * One context field's Y.Text. An event stored before context existed has none until someone types:
 * only then does this watch the document, until the text appears (here or from a peer).
 */
function useContextText(doc: Y.Doc, eventId: string, field: ContextField): Y.Text | undefined {
  const [text, setText] = useState(() => eventContextText(doc, eventId, field));
  useEffect(() => {
    if (text) return;
    return observeReview(doc, () => {
      const made = eventContextText(doc, eventId, field);
      if (made) setText(made);
    });
  }, [doc, eventId, field, text]);
  return text;
}

function ContextAnswer({ doc, eventId, field, time }: AnswerProps & { time: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const text = useContextText(doc, eventId, field);
  const onInput = useBoundField(text, ref, MAX_LENGTH);
  return (
    <HintedField doc={doc} text={text} maxLength={MAX_LENGTH}>
      <textarea
        ref={ref}
        className="event-context__input"
        aria-label={`${CONTEXT_FIELD_LABELS[field]}, event at ${time}`}
        data-testid={`context-${field}`}
        rows={2}
        maxLength={MAX_LENGTH}
        placeholder={PLACEHOLDERS[field]}
        defaultValue={text?.toString() ?? ''}
        spellCheck
        onChange={(event) => {
          if (text) return onInput(event);
          // A decision stored before context existed has no texts yet: the first typing makes them.
          addEventContext(doc, eventId);
          const made = eventContextText(doc, eventId, field);
          if (made) applyTextDiff(made, event.currentTarget.value.slice(0, MAX_LENGTH));
        }}
      />
    </HintedField>
  );
}

function ContextAnswerView({ doc, eventId, field }: AnswerProps) {
  const value = useTextValue(useContextText(doc, eventId, field));
  return (
    <p className="event-context__view" data-testid={`context-${field}`}>
      {value || <span className="muted">Not written</span>}
    </p>
  );
}
