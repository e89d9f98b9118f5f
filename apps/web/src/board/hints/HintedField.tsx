import { useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { applyTextDiff } from '@hindsight/review';
import { useTextValue } from '../findings/use-bound-text';
import { markUndoBoundary } from '../header/undo-boundary';
import { dismissedHints } from './dismissed-hints';
import { HintList, shownHints } from './HintList';
import { useFieldHints, withSuggestion } from './use-field-hints';

interface FieldWithHintsProps {
  value: string;
  /** Writes the field's new value (the suggestion in place of its words). */
  onApply: (next: string) => void;
  /** The field itself. */
  children: ReactNode;
}

/**
 * A plain field with its blameless-language hints listed under it while the writer is in the
 * field or its hints. The wrapper has `display: contents`, so the field keeps its place in its
 * parent's layout. Hints never change the value by themselves and nothing leaves the browser.
 */
export function FieldWithHints({ value, onApply, children }: FieldWithHintsProps) {
  const [inField, setInField] = useState(false);
  const hints = useFieldHints(value, inField);
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
        onApply={({ hint }) => onApply(withSuggestion(value, hint))}
        onDismiss={({ hint }) => dismissedHints.dismiss(value, hint)}
      />
    </div>
  );
}

interface HintedFieldProps {
  doc: Y.Doc;
  /** The field's shared text (undefined for a text an older client stored as a plain string). */
  text: Y.Text | undefined;
  maxLength: number;
  /** Runs inside the suggestion's transaction (e.g. to record who reworded a note). */
  alongside?: () => void;
  children: ReactNode;
}

/**
 * A field bound to a Y.Text, with hints. A suggestion goes in as a local transaction like typing,
 * an undo step of its own (the board's Ctrl+Z takes it back).
 */
export function HintedField({ doc, text, maxLength, alongside, children }: HintedFieldProps) {
  const value = useTextValue(text);
  return (
    <FieldWithHints
      value={value}
      onApply={(next) => {
        if (!text) return;
        markUndoBoundary(doc);
        doc.transact(() => {
          applyTextDiff(text, next.slice(0, maxLength));
          alongside?.();
        });
        markUndoBoundary(doc);
      }}
    >
      {children}
    </FieldWithHints>
  );
}
