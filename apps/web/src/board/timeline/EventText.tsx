import { useLayoutEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { applyTextDiff, REVIEW_LIMITS, timelineEventText, updateTimelineEvent } from '@hindsight/review';
import { writeBoundField } from '../../collab/caret';
import { HintedField } from '../hints/HintedField';

interface EventTextProps {
  doc: Y.Doc;
  eventId: string;
  /** Accessible name, e.g. "What happened at 14:02:15". */
  label: string;
}

const MAX_LENGTH = REVIEW_LIMITS.textMaxLength;

/**
 * One event's text, edited together. Uncontrolled like the title: remote edits are written into
 * the textarea inside the Yjs observer, with the local caret shifted across them, so typing never
 * races a React re-render and concurrent edits merge character by character.
 */
export function EventText({ doc, eventId, label }: EventTextProps) {
  const ref = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    const text = timelineEventText(doc, eventId);
    const field = ref.current;
    if (!text || !field) return;
    field.value = text.toString();
    const render = (event: Y.YTextEvent) => {
      writeBoundField(field, text.toString(), event);
    };
    text.observe(render);
    return () => text.unobserve(render);
  }, [doc, eventId]);

  return (
    <HintedField doc={doc} text={timelineEventText(doc, eventId)} maxLength={MAX_LENGTH}>
      <textarea
        ref={ref}
        className="timeline-text"
        aria-label={label}
        rows={1}
        maxLength={MAX_LENGTH}
        defaultValue={timelineEventText(doc, eventId)?.toString() ?? ''}
        spellCheck
        onChange={(event) => {
          const next = event.currentTarget.value.slice(0, MAX_LENGTH);
          const text = timelineEventText(doc, eventId);
          // A text stored as a plain string by an older client has no Y.Text yet: the typed write creates one.
          if (text) applyTextDiff(text, next, event.currentTarget.selectionEnd ?? undefined);
          else updateTimelineEvent(doc, eventId, { text: next });
        }}
      />
    </HintedField>
  );
}

/** The event's text for viewers, kept current. */
export function EventTextView({ doc, eventId }: { doc: Y.Doc; eventId: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    const text = timelineEventText(doc, eventId);
    const node = ref.current;
    if (!text || !node) return;
    const render = () => {
      node.textContent = text.toString();
    };
    render();
    text.observe(render);
    return () => text.unobserve(render);
  }, [doc, eventId]);
  return <p ref={ref} className="timeline-text timeline-text--view" />;
}
