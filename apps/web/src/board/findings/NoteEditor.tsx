import { useEffect, useMemo, useRef, useState } from 'react';
import { findingText, REVIEW_LIMITS } from '@hindsight/review';
import { clearEditing, setEditing } from '../../collab/presence';
import { noteRewordedByMe, useFindingsBoard } from './board';
import { HintedField } from '../hints/HintedField';
import { MoreToggle } from './NoteText';
import { LengthHint, usePasteCut } from './text-limit';
import { useBoundField, useTextValue } from './use-bound-text';
import { useCollapse } from './use-collapse';

/** The note's text, bound to its Y.Text; focus marks it as being edited in presence. */
export function NoteEditor({ id }: { id: string }) {
  const board = useFindingsBoard();
  const { doc, awareness } = board;
  const text = useMemo(() => findingText(doc, id), [doc, id]);
  const ref = useRef<HTMLTextAreaElement>(null);
  const bound = useBoundField(text, ref, REVIEW_LIMITS.textMaxLength);
  // The words and who changed them in one transaction (the model ignores the author's own edits).
  const onInput = (event: { currentTarget: HTMLTextAreaElement }) =>
    doc.transact(() => {
      bound(event);
      noteRewordedByMe(board, id);
    });
  const value = useTextValue(text);
  const paste = usePasteCut(REVIEW_LIMITS.textMaxLength);
  const collapse = useCollapse(ref, value);
  const [focused, setFocused] = useState(false);
  // While someone writes in it, a long note shows all of its text.
  const collapsed = collapse.long && !collapse.expanded && !focused;
  // A note moved to another column remounts without a blur: do not leave a stale "editing" marker.
  useEffect(() => () => clearEditing(awareness, `finding:${id}`), [awareness, id]);
  return (
    <HintedField
      doc={doc}
      text={text}
      maxLength={REVIEW_LIMITS.textMaxLength}
      alongside={() => noteRewordedByMe(board, id)}
    >
      <textarea
        ref={ref}
        id={`note-text-${id}`}
        className={collapsed ? 'note__text note__text--collapsed' : 'note__text'}
        aria-label="Note text"
        aria-describedby={`note-length-${id}`}
        data-testid="note-text"
        defaultValue={text?.toString() ?? ''}
        maxLength={REVIEW_LIMITS.textMaxLength}
        rows={2}
        spellCheck
        onPaste={paste.onPaste}
        onInput={(event) => {
          paste.clear();
          onInput(event);
        }}
        onFocus={() => {
          setFocused(true);
          setEditing(awareness, `finding:${id}`);
        }}
        onBlur={() => {
          setFocused(false);
          setEditing(awareness, null);
        }}
      />
      {collapse.long && !focused && (
        <MoreToggle expanded={collapse.expanded} controls={`note-text-${id}`} onToggle={collapse.toggle} />
      )}
      {(focused || paste.cut) && (
        <LengthHint
          id={`note-length-${id}`}
          length={value.length}
          limit={REVIEW_LIMITS.textMaxLength}
          cut={paste.cut}
        />
      )}
    </HintedField>
  );
}
