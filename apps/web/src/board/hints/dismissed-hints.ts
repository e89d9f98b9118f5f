import type { BlamelessHint } from '@hindsight/review';
import { StoredList } from '../findings/stored-list';

/**
 * Hints this browser's writer dismissed, kept in localStorage only (never in the review, never
 * sent). A dismissal is for that text: the rule and the sentence the hint sits in, so the same
 * phrasing in another sentence is still hinted, and editing the sentence brings it back.
 */
const STORAGE_KEY = 'hindsight:dismissed-hints';
const MAX_KEPT = 500;

/** The sentence of `text` around [start, end), trimmed. */
function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(before.search(/[^.!?\n]*$/), 0);
  const rest = /[.!?\n]/.exec(text.slice(end));
  const to = rest ? end + rest.index : text.length;
  return text.slice(from, to).trim();
}

/** What identifies a hint for dismissal: its rule and its sentence. */
export function dismissalKey(text: string, hint: Pick<BlamelessHint, 'start' | 'end' | 'ruleId'>): string {
  return `${hint.ruleId}\u0000${sentenceAround(text, hint.start, hint.end)}`;
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 6000;
}

/** The dismissed hints, a store React can subscribe to. */
export class DismissedHints extends StoredList<string> {
  constructor(storage?: Pick<Storage, 'getItem' | 'setItem'> | null) {
    super(STORAGE_KEY, isKey, storage);
  }

  dismiss(text: string, hint: BlamelessHint): void {
    const key = dismissalKey(text, hint);
    const kept = this.read().filter((item) => item !== key);
    this.write([...kept, key].slice(-MAX_KEPT));
  }

  /** The hints of `text` that are not dismissed. */
  visible(text: string, hints: BlamelessHint[]): BlamelessHint[] {
    const dismissed = new Set(this.all());
    if (dismissed.size === 0) return hints;
    return hints.filter((hint) => !dismissed.has(dismissalKey(text, hint)));
  }
}

/** One store per tab, shared by every field. */
export const dismissedHints = new DismissedHints();
