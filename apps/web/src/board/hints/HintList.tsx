import type { BlamelessHint } from '@hindsight/review';
import './hints.css';

/** One hint as shown: the hint and the words it is about. */
export interface ShownHint {
  key: string;
  hint: BlamelessHint;
  quote: string;
}

interface HintListProps {
  items: ShownHint[];
  onApply: (item: ShownHint) => void;
  onDismiss: (item: ShownHint) => void;
}

/**
 * Blameless-language hints under a field: the words, a kind explanation, "Use suggestion" (a
 * normal, undoable edit) and "Dismiss". Advice only: it never blocks writing or edits by itself.
 */
export function HintList({ items, onApply, onDismiss }: HintListProps) {
  if (items.length === 0) return null;
  return (
    <ul className="blameless-hints" aria-label="Blameless language hints" data-testid="blameless-hints">
      {items.map((item) => (
        <li key={item.key} className="blameless-hint" data-testid="blameless-hint" data-kind={item.hint.kind}>
          <p className="blameless-hint__words">
            <span className="blameless-hint__quote">“{item.quote}”</span> {item.hint.message}
          </p>
          <div className="blameless-hint__actions">
            <button
              type="button"
              className="blameless-hint__apply"
              data-testid="hint-apply"
              onClick={() => onApply(item)}
            >
              {item.hint.suggestion
                ? `Use suggestion: “${item.hint.suggestion}”`
                : 'Use suggestion: remove these words'}
            </button>
            <button type="button" className="link-button" data-testid="hint-dismiss" onClick={() => onDismiss(item)}>
              Dismiss
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A plain field's hints as list items. */
export function shownHints(text: string, hints: BlamelessHint[]): ShownHint[] {
  return hints.map((hint) => ({ key: `${hint.start}:${hint.ruleId}`, hint, quote: text.slice(hint.start, hint.end) }));
}
