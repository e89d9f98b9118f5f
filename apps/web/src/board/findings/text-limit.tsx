import { useState, type ClipboardEvent } from 'react';
import './text-limit.css';

/** From this share of the limit on, a field shows how many characters it holds. */
const COUNTER_FROM = 0.8;

const numbers = new Intl.NumberFormat('en');

/** What the last paste into a field lost to the limit. */
export interface PasteCut {
  kept: number;
  pasted: number;
}

/**
 * Pastes only what fits under `limit` and reports what was left out, instead of letting the
 * field's maxLength drop the rest without a word. Returns null when the whole paste fits (the
 * browser pastes it as usual). The fitting part goes in with insertText, so it fires the field's
 * input event and stays on the browser's undo stack.
 */
export function pasteWithinLimit(
  event: ClipboardEvent<HTMLTextAreaElement | HTMLInputElement>,
  limit: number,
): PasteCut | null {
  const field = event.currentTarget;
  const pasted = event.clipboardData.getData('text/plain');
  const selected = (field.selectionEnd ?? 0) - (field.selectionStart ?? 0);
  const room = Math.max(0, limit - (field.value.length - selected));
  if (pasted.length <= room) return null;
  event.preventDefault();
  const fitting = pasted.slice(0, room);
  // never split a surrogate pair: half an emoji would be kept as garbage
  const kept = /[\uD800-\uDBFF]$/.test(fitting) ? fitting.slice(0, -1) : fitting;
  if (kept.length > 0 && !document.execCommand('insertText', false, kept)) {
    field.setRangeText(kept, field.selectionStart ?? 0, field.selectionEnd ?? 0, 'end');
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return { kept: kept.length, pasted: pasted.length };
}

/** A field's paste cut, cleared on the next edit that is not that paste. */
export function usePasteCut(limit: number) {
  const [cut, setCut] = useState<PasteCut | null>(null);
  return {
    cut,
    /** For the field's onPaste. */
    onPaste: (event: ClipboardEvent<HTMLTextAreaElement | HTMLInputElement>) => {
      const result = pasteWithinLimit(event, limit);
      setCut(result);
    },
    /** For the field's onChange/onInput: a later edit retires the message. */
    clear: () => setCut(null),
  };
}

/**
 * Under a text field near its limit: how many characters it holds out of how many (from 80 % of
 * the limit), and after a paste that did not fit, how much of it was kept.
 */
export function LengthHint({
  length,
  limit,
  cut,
  id,
}: {
  length: number;
  limit: number;
  cut: PasteCut | null;
  id?: string;
}) {
  const near = length >= limit * COUNTER_FROM;
  if (!near && !cut) return null;
  return (
    <p className="length-hint" id={id} data-testid="length-hint">
      {cut && (
        <span className="length-hint__cut" role="alert" data-testid="paste-cut">
          Notes hold at most {numbers.format(limit)} characters: only the first {numbers.format(cut.kept)} of the{' '}
          {numbers.format(cut.pasted)} pasted were added.
        </span>
      )}
      <span
        className={length >= limit ? 'length-hint__count length-hint__count--full' : 'length-hint__count'}
        data-testid="length-count"
      >
        {numbers.format(length)} / {numbers.format(limit)}
      </span>
    </p>
  );
}
