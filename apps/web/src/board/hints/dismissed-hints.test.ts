import { blamelessHints } from '@hindsight/review';
import { describe, expect, it } from 'vitest';
import { DismissedHints } from './dismissed-hints';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('DismissedHints', () => {
  it('hides a dismissed hint for that sentence only, and remembers it in storage', () => {
    const storage = memoryStorage();
    const text = 'Dave broke prod. Later, Dave broke staging.';
    const hints = blamelessHints(text);
    expect(hints).toHaveLength(2);
    const store = new DismissedHints(storage);
    store.dismiss(text, hints[0]!);
    expect(store.visible(text, hints)).toEqual([hints[1]]);
    // Another tab (or a reload) reads the same dismissal.
    expect(new DismissedHints(storage).visible(text, hints)).toEqual([hints[1]]);
    // Editing the sentence brings the hint back.
    const edited = 'Dave broke prod badly. Later, Dave broke staging.';
    expect(store.visible(edited, blamelessHints(edited))).toHaveLength(2);
  });
});
