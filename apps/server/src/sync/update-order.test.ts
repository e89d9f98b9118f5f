import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@hindsight/review/testing';
import { UpdateOrder } from './update-order';

const u = (n: number) => new Uint8Array([n]);

describe('UpdateOrder', () => {
  it('applies received updates in seq order, holding those that come early', () => {
    const order = new UpdateOrder(10, true);
    expect(order.received(12, u(12))).toEqual([]);
    expect(order.received(13, u(13))).toEqual([]);
    expect(order.hasGap).toBe(true);
    expect(order.received(11, u(11))).toEqual([u(11), u(12), u(13)]);
    expect(order.applied).toBe(13);
    expect(order.hasGap).toBe(false);
  });

  it('counts its own appends, beyond a gap too, and ignores what it already holds', () => {
    const order = new UpdateOrder(0, true);
    order.appended(2);
    expect(order.applied).toBe(0);
    expect([order.holds(1), order.holds(2)]).toEqual([false, true]);
    expect(order.received(2, u(2))).toEqual([]);
    expect(order.received(1, u(1))).toEqual([u(1)]);
    expect(order.applied).toBe(2);
    expect(order.received(1, u(1))).toEqual([]);
  });

  it('after a fill from the database, drops what it covers and releases what follows', () => {
    const order = new UpdateOrder(5, true);
    order.received(7, u(7));
    order.received(9, u(9));
    order.appended(8);
    expect(order.filledUpTo(7)).toEqual([u(9)]);
    expect(order.applied).toBe(9);
    expect(order.hasGap).toBe(false);
  });

  it('releases the updates held behind an own append once that append is stored', () => {
    // Seq 38 is this instance's own append, still committing, when 39 and 40 arrive from others:
    // they wait behind it, and its durable seq lets them through (they used to be counted as applied
    // without reaching the document, which then lacked them for good).
    const order = new UpdateOrder(37, true);
    expect(order.received(39, u(39))).toEqual([]);
    expect(order.received(40, u(40))).toEqual([]);
    expect(order.appended(38)).toEqual([u(39), u(40)]);
    expect(order.applied).toBe(40);
    expect(order.hasGap).toBe(false);
  });

  it('never counts a seq as applied whose update the document did not get (seeded interleavings)', () => {
    const seed = Number(process.env.HINDSIGHT_TEST_SEED ?? 0x5eed0de5);
    for (let run = 0; run < 300; run++) {
      const rng = mulberry32(seed + run);
      const context = `seed=${seed + run} (replay with HINDSIGHT_TEST_SEED=${seed}, run ${run})`;
      const total = 30;
      // Which seqs are this instance's own appends; the rest come from others, in any order, some
      // twice, some only through a read of the database.
      const own = new Set<number>();
      for (let s = 1; s <= total; s++) if (rng() < 0.35) own.add(s);
      const order = new UpdateOrder(0, true);
      const inDocument = new Set<number>();
      const take = (released: Uint8Array[]) => released.forEach((x) => inDocument.add(x[0]!));
      // Own appends resolve in seq order; others' messages arrive shuffled.
      const ownQueue = [...own].sort((a, b) => a - b);
      const others = [...Array(total).keys()].map((i) => i + 1).filter((s) => !own.has(s));
      const events: Array<() => void> = [];
      for (const s of others) {
        if (rng() < 0.15) continue; // lost: only a database read brings it
        events.push(() => take(order.received(s, u(s))));
        if (rng() < 0.1) events.push(() => take(order.received(s, u(s))));
      }
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [events[i], events[j]] = [events[j]!, events[i]!];
      }
      // Own appends: applied to the document at once, their seq known later, in seq order.
      for (const s of ownQueue) inDocument.add(s);
      const ownEvents = ownQueue.map((s) => () => take(order.appended(s)));
      const merged: Array<() => void> = [];
      while (events.length > 0 || ownEvents.length > 0) {
        const fromOwn = ownEvents.length > 0 && (events.length === 0 || rng() < 0.4);
        merged.push((fromOwn ? ownEvents : events).shift()!);
      }
      for (const step of merged) {
        step();
        if (rng() < 0.05) {
          // A database read up to some committed seq: everything up to it lands in the document.
          const upTo = Math.floor(rng() * (total + 1));
          for (let s = order.applied + 1; s <= upTo; s++) if (!order.holds(s)) inDocument.add(s);
          take(order.filledUpTo(upTo));
        }
        let missing = 0;
        for (let s = 1; s <= order.applied && missing === 0; s++) if (!inDocument.has(s)) missing = s;
        if (missing) expect.fail(`${context}: seq ${missing} counted as applied but not in the document`);
      }
      // Finally a read of everything: no gap remains and the document holds every seq.
      for (let s = order.applied + 1; s <= total; s++) if (!order.holds(s)) inDocument.add(s);
      take(order.filledUpTo(total));
      expect(order.applied, context).toBe(total);
      expect(order.hasGap, context).toBe(false);
      expect(inDocument.size, context).toBe(total);
    }
  });

  it('sees no gaps where seqs are not dense (one instance on SQLite)', () => {
    const order = new UpdateOrder(3, false);
    order.appended(40);
    expect(order.received(90, u(90))).toEqual([u(90)]);
    expect(order.applied).toBe(90);
    expect(order.hasGap).toBe(false);
  });
});
