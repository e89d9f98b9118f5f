import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeAwarenessUpdate,
  decodeIncoming,
  encodeAwarenessEntries,
  encodeSyncStep1,
  encodeUpdate,
  MalformedMessageError,
  peekFrameKind,
} from './messages';

const frame = (...parts: Array<(e: encoding.Encoder) => void>) => {
  const e = encoding.createEncoder();
  for (const p of parts) p(e);
  return encoding.toUint8Array(e);
};
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n);
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b);

describe('decodeIncoming', () => {
  it('decodes the messages a y-websocket client sends', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hi');
    expect(decodeIncoming(encodeSyncStep1(doc)).kind).toBe('sync-step-1');
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeIncoming(encodeUpdate(update))).toEqual({ kind: 'update', update });
    expect(decodeIncoming(frame(uint(0), uint(1), bytes(update)))).toEqual({ kind: 'sync-step-2', update });
    expect(decodeIncoming(frame(uint(3)))).toEqual({ kind: 'query-awareness' });
    const awareness = encodeAwarenessEntries([{ clientId: 7, clock: 1, state: { name: 'Ada' }, stateBytes: 0 }]);
    expect(decodeIncoming(frame(uint(1), bytes(awareness)))).toMatchObject({
      kind: 'awareness',
      entries: [{ clientId: 7, clock: 1, state: { name: 'Ada' } }],
    });
  });

  it.each([
    ['an empty frame', new Uint8Array()],
    ['an endless varint', new Uint8Array(12).fill(0xff)],
    ['an unknown message type', frame(uint(9))],
    ['the server-only auth type', frame(uint(2), uint(0))],
    ['an unknown sync subtype', frame(uint(0), uint(7), bytes(new Uint8Array([0])))],
    ['a truncated payload', frame(uint(0), uint(2), uint(100))],
    ['trailing bytes', frame(uint(3), uint(0))],
    ['a bad state vector', frame(uint(0), uint(0), bytes(new Uint8Array([5, 0xff])))],
    [
      'awareness with invalid JSON',
      frame(uint(1), bytes(frame(uint(1), uint(1), uint(1), (e) => encoding.writeVarString(e, '{')))),
    ],
  ])('refuses %s', (_name, data) => {
    expect(() => decodeIncoming(data)).toThrowError(MalformedMessageError);
  });

  it('copies payloads so they do not alias the socket buffer', () => {
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    const data = encodeUpdate(update);
    const msg = decodeIncoming(data);
    data.fill(0);
    expect(msg).toEqual({ kind: 'update', update });
  });
});

describe('peekFrameKind', () => {
  it('names what a frame asks for from its type alone, however the varuints are padded', () => {
    expect(peekFrameKind(encodeSyncStep1(new Y.Doc()))).toBe('sync-step-1');
    expect(peekFrameKind(frame(uint(3)))).toBe('query-awareness');
    // A type of 1 padded with a continuation byte, and a payload that would not parse.
    expect(peekFrameKind(new Uint8Array([0x81, 0x00, 0xff]))).toBe('awareness');
    expect(peekFrameKind(new Uint8Array([0x00, 0x80, 0x00]))).toBe('sync-step-1');
    expect(peekFrameKind(encodeUpdate(new Uint8Array([0, 0])))).toBe('other');
    expect(peekFrameKind(new Uint8Array([0x80]))).toBe('other');
  });
});

describe('awareness entries', () => {
  it('round-trip through the y-protocols encoding', () => {
    const entries = [
      { clientId: 1, clock: 3, state: { user: { name: 'Grace' } }, stateBytes: 25 },
      { clientId: 2, clock: 9, state: null, stateBytes: 4 },
    ];
    expect(decodeAwarenessUpdate(encodeAwarenessEntries(entries))).toEqual(entries);
  });
});
