import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { FanoutMessage } from './types';

const UPDATE = 0;
const AWARENESS = 1;
const PRESENCE_QUERY = 2;

/**
 * A fan-out message as Redis carries it: the sender's instance id, the kind, the seq of an update,
 * the bytes (none for a presence query).
 */
export function encodeFanout(instanceId: string, message: FanoutMessage): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, instanceId);
  if (message.kind === 'update') {
    encoding.writeVarUint(encoder, UPDATE);
    encoding.writeVarUint(encoder, message.seq);
    encoding.writeVarUint8Array(encoder, message.payload);
  } else if (message.kind === 'awareness') {
    encoding.writeVarUint(encoder, AWARENESS);
    encoding.writeVarUint8Array(encoder, message.payload);
  } else {
    encoding.writeVarUint(encoder, PRESENCE_QUERY);
  }
  const bytes = encoding.toUint8Array(encoder);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads what encodeFanout wrote; throws on anything else. */
export function decodeFanout(data: Uint8Array): { from: string; message: FanoutMessage } {
  const decoder = decoding.createDecoder(data);
  const from = decoding.readVarString(decoder);
  const kind = decoding.readVarUint(decoder);
  if (kind === UPDATE) {
    const seq = decoding.readVarUint(decoder);
    return { from, message: { kind: 'update', seq, payload: decoding.readVarUint8Array(decoder) } };
  }
  if (kind === AWARENESS) return { from, message: { kind: 'awareness', payload: decoding.readVarUint8Array(decoder) } };
  if (kind === PRESENCE_QUERY) return { from, message: { kind: 'presence-query' } };
  throw new Error(`unknown fan-out message kind ${kind}`);
}
