import { mulberry32 } from '@hindsight/review/testing';
import { describe, expect, it } from 'vitest';
import { PRESENCE_COLORS, PSEUDONYM_ADJECTIVES, PSEUDONYM_ANIMALS } from '@hindsight/protocol';
import { generatePseudonym, isPseudonym, loadPseudonym, type PseudonymStorage } from './pseudonym';

function memoryStorage(): PseudonymStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (name) => items.get(name) ?? null,
    setItem: (name, value) => void items.set(name, value),
  };
}

describe('generatePseudonym', () => {
  it('draws the same pseudonym from the same seed, and others from other seeds', () => {
    const first = generatePseudonym(mulberry32(42));
    expect(generatePseudonym(mulberry32(42))).toEqual(first);
    expect(isPseudonym(first)).toBe(true);
    const names = new Set(Array.from({ length: 50 }, (_, seed) => generatePseudonym(mulberry32(seed)).name));
    expect(names.size).toBeGreaterThan(40);
  });

  it('maps the random numbers onto the word lists and the palette', () => {
    const numbers = [0, 0.9999, 0];
    const lowest = generatePseudonym(() => numbers.shift()!);
    expect(lowest).toEqual({
      name: `${PSEUDONYM_ADJECTIVES[0]} ${PSEUDONYM_ANIMALS[PSEUDONYM_ANIMALS.length - 1]}`,
      color: PRESENCE_COLORS[0],
    });
  });

  it('never takes the person’s own colour', () => {
    for (let seed = 0; seed < 200; seed++) {
      expect(generatePseudonym(mulberry32(seed), PRESENCE_COLORS[3]).color).not.toBe(PRESENCE_COLORS[3]);
    }
  });
});

describe('loadPseudonym', () => {
  it('keeps one pseudonym per review in the tab’s storage', () => {
    const storage = memoryStorage();
    const first = loadPseudonym('review-a', { storage, random: mulberry32(1) });
    expect(loadPseudonym('review-a', { storage, random: mulberry32(2) })).toEqual(first);
    expect(JSON.parse(storage.items.get('hindsight:pseudonym:review-a')!)).toEqual(first);
    const other = loadPseudonym('review-b', { storage, random: mulberry32(2) });
    expect(other).toEqual(generatePseudonym(mulberry32(2)));
  });

  it('draws again when the stored value is not a pseudonym, and works without storage', () => {
    const storage = memoryStorage();
    storage.setItem('hindsight:pseudonym:review-a', JSON.stringify({ name: 'Ada Lovelace', color: '#b42318' }));
    const drawn = loadPseudonym('review-a', { storage, random: mulberry32(7) });
    expect(drawn).toEqual(generatePseudonym(mulberry32(7)));
    expect(loadPseudonym('review-a', { storage: null, random: mulberry32(7) })).toEqual(drawn);
  });

  it('recognises only names from its own word lists', () => {
    expect(isPseudonym({ name: 'Quiet Otter', color: PRESENCE_COLORS[0] })).toBe(true);
    expect(isPseudonym({ name: 'Quiet Otter Smith', color: PRESENCE_COLORS[0] })).toBe(false);
    expect(isPseudonym({ name: 'Quiet Otter', color: 'red' })).toBe(false);
    expect(isPseudonym('Quiet Otter')).toBe(false);
  });
});
