/**
 * The y-websocket wire format, and the only code that touches lib0 framing.
 * A message is a varuint type followed by its payload; sync messages carry a varuint subtype.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

export type IncomingMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'sync-step-2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; entries: AwarenessEntry[] }
  | { kind: 'query-awareness' };

/** A frame that is not a valid client message; the connection that sent it is closed. */
export class MalformedMessageError extends Error {}

/**
 * Decodes one client frame. Throws MalformedMessageError for anything but a well-formed message of a
 * type clients may send: the auth type is server-to-client only, trailing bytes are refused.
 */
export function decodeIncoming(frame: Uint8Array): IncomingMessage {
  const decoder = decoding.createDecoder(frame);
  try {
    const message = readMessage(decoder);
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the message');
    return message;
  } catch (err) {
    if (err instanceof MalformedMessageError) throw err;
    throw new MalformedMessageError(`undecodable frame: ${(err as Error).message}`);
  }
}

function readMessage(decoder: decoding.Decoder): IncomingMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync: {
      const subtype = decoding.readVarUint(decoder);
      // Copy: the payload is a view into the socket's buffer and may outlive this call in a queue.
      const payload = decoding.readVarUint8Array(decoder).slice();
      if (subtype === SyncType.Step1) {
        Y.decodeStateVector(payload); // throws on a malformed state vector
        return { kind: 'sync-step-1', stateVector: payload };
      }
      if (subtype === SyncType.Step2) return { kind: 'sync-step-2', update: payload };
      if (subtype === SyncType.Update) return { kind: 'update', update: payload };
      throw new MalformedMessageError(`unknown sync message type ${subtype}`);
    }
    case MessageType.Awareness:
      return { kind: 'awareness', entries: decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)) };
    case MessageType.QueryAwareness:
      return { kind: 'query-awareness' };
    default:
      throw new MalformedMessageError(`message type ${type} is not accepted from clients`);
  }
}

/** What a frame asks for, from its type (and sync subtype) alone, for metering before decoding. */
export type FrameKind = 'awareness' | 'query-awareness' | 'sync-step-1' | 'other';

/**
 * Reads only a frame's leading varuints, its type and sync subtype (however they are encoded: lib0
 * also reads a varuint padded with continuation bytes), not its payload. A frame too short to say
 * is 'other'; decodeIncoming refuses it.
 */
export function peekFrameKind(frame: Uint8Array): FrameKind {
  const decoder = decoding.createDecoder(frame);
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Awareness) return 'awareness';
    if (type === MessageType.QueryAwareness) return 'query-awareness';
    if (type === MessageType.Sync && decoding.readVarUint(decoder) === SyncType.Step1) return 'sync-step-1';
    return 'other';
  } catch {
    return 'other';
  }
}

/** Sync step 1: our state vector, asking the client for what we lack. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return encodeSync(SyncType.Step1, Y.encodeStateVector(doc));
}

/** Sync step 2: `update`, what the peer lacked (see FullState.since). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.Step2, update);
}

/** A document update to relay to peers. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.Update, update);
}

/** An awareness update to relay to peers. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeSync(subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** One client's entry in an awareness update. `state` is null when the client left. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
  /** Encoded size of the state, for per-state caps. */
  stateBytes: number;
}

/** Decodes an awareness update (y-protocols format) into entries; throws MalformedMessageError. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      entries.push({ clientId, clock, state: JSON.parse(json), stateBytes: json.length });
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after awareness update');
    return entries;
  } catch (err) {
    if (err instanceof MalformedMessageError) throw err;
    throw new MalformedMessageError(`undecodable awareness update: ${(err as Error).message}`);
  }
}

/** Encodes awareness entries back into an awareness update. */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}
