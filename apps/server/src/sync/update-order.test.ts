import { describe, expect, it } from 'vitest';
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

  it('sees no gaps where seqs are not dense (one instance on SQLite)', () => {
    const order = new UpdateOrder(3, false);
    order.appended(40);
    expect(order.received(90, u(90))).toEqual([u(90)]);
    expect(order.applied).toBe(90);
    expect(order.hasGap).toBe(false);
  });
});
