import { describe, expect, it } from 'vitest';
import { decodeFanout, encodeFanout } from './wire';

describe('fan-out wire format', () => {
  it('carries the sender, the kind, an update’s seq and the bytes unchanged, and a presence query', () => {
    const payload = new Uint8Array([0, 1, 2, 255, 7]);
    const update = decodeFanout(encodeFanout('instance-a', { kind: 'update', seq: 2 ** 40, payload }));
    expect(update).toEqual({ from: 'instance-a', message: { kind: 'update', seq: 2 ** 40, payload } });
    const presence = decodeFanout(encodeFanout('b', { kind: 'awareness', payload }));
    expect(presence).toEqual({ from: 'b', message: { kind: 'awareness', payload } });
    const query = decodeFanout(encodeFanout('c', { kind: 'presence-query' }));
    expect(query).toEqual({ from: 'c', message: { kind: 'presence-query' } });
  });

  it('refuses a message of an unknown kind', () => {
    const bytes = encodeFanout('a', { kind: 'awareness', payload: new Uint8Array() });
    bytes[2] = 9;
    expect(() => decodeFanout(bytes)).toThrow(/unknown fan-out message kind 9/);
  });
});
