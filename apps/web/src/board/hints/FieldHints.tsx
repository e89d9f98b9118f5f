import type * as Y from 'yjs';
import { applyTextDiff } from '@hindsight/review';
import { markUndoBoundary } from '../header/undo-boundary';
import { dismissedHints } from './dismissed-hints';
import { HintList, shownHints } from './HintList';
import { useFieldHints, withSuggestion } from './use-field-hints';

interface FieldHintsProps {
  doc: Y.Doc;
  text: Y.Text | undefined;
  value: string;
  /** Shown while the writer is in the field (or its hints). */
  open: boolean;
  maxLength: number;
  /** Runs inside the suggestion's transaction (e.g. to record who reworded a note). */
  alongside?: () => void;
}

/**
 * The hints of a plain text field bound to a Y.Text. A suggestion goes in as a local transaction
 * like typing, one undo step of its own (the board's Ctrl+Z takes it back); nothing leaves the
 * browser but that edit.
 */
export function FieldHints({ doc, text, value, open, maxLength, alongside }: FieldHintsProps) {
  const hints = useFieldHints(value, open && text !== undefined);
  return (
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
  );
}
