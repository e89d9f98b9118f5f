import { useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { applyTextDiff } from '@hindsight/review';
import { useTextValue } from '../findings/use-bound-text';
import { markUndoBoundary } from '../header/undo-boundary';
import { dismissedHints } from './dismissed-hints';
import { HintList, shownHints } from './HintList';
import { useFieldHints, withSuggestion } from './use-field-hints';

interface HintedFieldProps {
  doc: Y.Doc;
  /** The field's shared text (undefined for a text an older client stored as a plain string). */
  text: Y.Text | undefined;
  maxLength: number;
  /** Runs inside the suggestion's transaction (e.g. to record who reworded a note). */
  alongside?: () => void;
  /** The field itself. */
  children: ReactNode;
}

/**
 * A plain text field bound to a Y.Text, with its blameless-language hints listed under it while the
 * writer is in the field or its hints. A suggestion goes in as a local transaction like typing, an
 * undo step of its own (the board's Ctrl+Z takes it back); nothing leaves the browser but that edit.
 * The wrapper has `display: contents`, so the field keeps its place in its parent's layout.
 */
export function HintedField({ doc, text, maxLength, alongside, children }: HintedFieldProps) {
  const [inField, setInField] = useState(false);
  const value = useTextValue(text);
  const hints = useFieldHints(value, inField && text !== undefined);
  return (
    <div
      className="hinted-field"
      onFocus={() => setInField(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setInField(false);
      }}
    >
      {children}
      <HintList
        items={shownHints(value, hints)}
        onApply={({ hint }) => {
          if (!text) return;
          const current = text.toString();
          markUndoBoundary(doc);
          doc.transact(() => {
            applyTextDiff(text, withSuggestion(current, hint).slice(0, maxLength));
            alongside?.();
          });
          markUndoBoundary(doc);
        }}
        onDismiss={({ hint }) => dismissedHints.dismiss(value, hint)}
      />
    </div>
  );
}
