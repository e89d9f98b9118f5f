import { describe, expect, it } from 'vitest';
import { shuffled } from './anonymous-release';

describe('shuffled (the order a revealed batch is published in)', () => {
  it('draws every order of a batch equally often, so the order says nothing about who posted first', () => {
    const counts = new Map<string, number>();
    const draws = 6000;
    for (let i = 0; i < draws; i++) {
      const order = shuffled(['a', 'b', 'c']).join('');
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    // 1000 expected each; the standard deviation is about 29, so 200 away is 7 of them: never by chance.
    for (const [order, count] of counts) expect(Math.abs(count - draws / 6), order).toBeLessThan(200);
  });

  it('keeps every item and leaves its input alone', () => {
    const batch = Array.from({ length: 50 }, (_, i) => i);
    const order = shuffled(batch);
    expect([...order].sort((x, y) => x - y)).toEqual(batch);
    expect(batch).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
