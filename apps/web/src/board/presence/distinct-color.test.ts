import { mulberry32 } from '@hindsight/review/testing';
import { describe, expect, it } from 'vitest';
import { PRESENCE_COLORS } from '../../collab/identity';
import { distinctColor, type ColorHolder } from './distinct-color';

const [RED, ORANGE, GREEN] = PRESENCE_COLORS;

/** Every client applies the rule to what the others show, round after round, until nobody moves. */
function settle(people: { clientId: number; wanted: string }[], order: () => number): Map<number, string> {
  const shown = new Map(people.map((p) => [p.clientId, p.wanted]));
  for (let round = 0; round < 100; round++) {
    let moved = false;
    // clients react in an arbitrary order, each to what the others show at that moment
    for (const person of [...people].sort(() => order() - 0.5)) {
      const others: ColorHolder[] = people
        .filter((p) => p.clientId !== person.clientId)
        .map((p) => ({ clientId: p.clientId, color: shown.get(p.clientId)! }));
      const next = distinctColor(person.wanted, person.clientId, others);
      if (next !== shown.get(person.clientId)) {
        shown.set(person.clientId, next);
        moved = true;
      }
    }
    if (!moved) return shown;
  }
  throw new Error('colours never settled');
}

describe('distinctColor', () => {
  it('keeps one’s own colour when nobody with a lower client id shows it', () => {
    expect(distinctColor(RED!, 5, [{ clientId: 9, color: RED! }])).toBe(RED);
    expect(distinctColor(RED!, 5, [{ clientId: 1, color: GREEN! }])).toBe(RED);
  });

  it('yields a colour to a lower client id, taking the next one nobody shows', () => {
    expect(distinctColor(RED!, 5, [{ clientId: 1, color: RED! }])).toBe(ORANGE);
    expect(
      distinctColor(RED!, 5, [
        { clientId: 1, color: RED! },
        { clientId: 9, color: ORANGE! },
      ]),
    ).toBe(GREEN);
  });

  it('never swaps to the colour it must avoid', () => {
    expect(distinctColor(RED!, 5, [{ clientId: 1, color: RED! }], ORANGE!)).toBe(GREEN);
  });

  it('settles on distinct colours for up to a palette of people, whatever they chose (seeded)', () => {
    const seed = Number(process.env.COLOR_SEED ?? 20261201);
    console.log(`distinct colours seed ${seed}`);
    const random = mulberry32(seed);
    for (let trial = 0; trial < 300; trial++) {
      const size = 2 + Math.floor(random() * (PRESENCE_COLORS.length - 1));
      const people = Array.from({ length: size }, () => ({
        clientId: Math.floor(random() * 2 ** 32),
        // few colours wanted, so collisions are the rule
        wanted: PRESENCE_COLORS[Math.floor(random() * 3)]!,
      }));
      const shown = settle(people, random);
      expect(new Set(shown.values()).size, `trial ${trial}`).toBe(new Set(people.map((p) => p.clientId)).size);
      // the lowest client id always keeps what it chose
      const lowest = people.reduce((a, b) => (b.clientId < a.clientId ? b : a));
      expect(shown.get(lowest.clientId)).toBe(lowest.wanted);
    }
  });
});
