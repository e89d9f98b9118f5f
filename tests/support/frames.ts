/**
 * Hand-built frames for attacking the sync endpoint: y-websocket messages encoded with lib0 (as a client
 * that does not follow the rules would send them), and raw WebSocket framing written on a TCP socket.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type WebSocket from 'ws';
import * as Y from 'yjs';

/** y-websocket message types and sync subtypes, as on the wire. */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

/** A message: varuint `type`, then whatever `writeBody` writes. */
export function encodeMessage(
  type: number,
  writeBody: (encoder: encoding.Encoder) => void = () => undefined,
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  writeBody(encoder);
  return encoding.toUint8Array(encoder);
}

/** A sync message of any subtype (including ones that do not exist) carrying `payload`. */
export function syncFrame(subtype: number, payload: Uint8Array): Uint8Array {
  return encodeMessage(MessageType.Sync, (e) => {
    encoding.writeVarUint(e, subtype);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** Sync step 1: "here is my state vector, send me what I lack". An empty doc's asks for everything. */
export function syncStep1Frame(stateVector: Uint8Array = Y.encodeStateVector(new Y.Doc())): Uint8Array {
  return syncFrame(SyncType.Step1, stateVector);
}

/** Sync step 2: "here is what you lack", carrying a document update. */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
  return syncFrame(SyncType.Step2, update);
}

/** A sync update message (type 0, subtype 2), as clients send for each local change. */
export function syncUpdateFrame(update: Uint8Array): Uint8Array {
  return syncFrame(SyncType.Update, update);
}

/** One entry of an awareness update; `state: null` announces that the client left. */
export interface AwarenessClaim {
  clientId: number;
  clock: number;
  state: unknown;
}

/** An awareness update in the y-protocols format, for any client ids the sender cares to claim. */
export function awarenessPayload(claims: AwarenessClaim[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, claims.length);
  for (const claim of claims) {
    encoding.writeVarUint(encoder, claim.clientId);
    encoding.writeVarUint(encoder, claim.clock);
    encoding.writeVarString(encoder, JSON.stringify(claim.state));
  }
  return encoding.toUint8Array(encoder);
}

/** An awareness message (type 1). */
export function awarenessFrame(claims: AwarenessClaim[]): Uint8Array {
  return encodeMessage(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, awarenessPayload(claims)));
}

/** An auth message (type 2), which only servers send ("permission denied" + reason). */
export function authFrame(reason = 'let me in'): Uint8Array {
  return encodeMessage(MessageType.Auth, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });
}

/** A query-awareness message (type 3). */
export function queryAwarenessFrame(): Uint8Array {
  return encodeMessage(MessageType.QueryAwareness);
}

/** A frame decoded the way a correct peer reads it. */
export type DecodedFrame =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'sync-step-2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; claims: AwarenessClaim[] }
  | { kind: 'query-awareness' }
  | { kind: 'invalid'; reason: string };

/**
 * Decodes a frame as a strict y-websocket reader would: one message, no trailing bytes, only the types a
 * client may send (auth is server-to-client). Used to decode what the server sent and, in the fuzz
 * suite, to know in advance which random frames happen to be valid.
 */
export function decodeFrame(frame: Uint8Array): DecodedFrame {
  const decoder = decoding.createDecoder(frame);
  try {
    const message = readFrame(decoder);
    if (decoding.hasContent(decoder)) return { kind: 'invalid', reason: 'trailing bytes' };
    return message;
  } catch (err) {
    return { kind: 'invalid', reason: (err as Error).message };
  }
}

function readFrame(decoder: decoding.Decoder): DecodedFrame {
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.Sync) {
    const subtype = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder).slice();
    if (subtype === SyncType.Step1) {
      Y.decodeStateVector(payload);
      return { kind: 'sync-step-1', stateVector: payload };
    }
    if (subtype === SyncType.Step2) return { kind: 'sync-step-2', update: payload };
    if (subtype === SyncType.Update) return { kind: 'update', update: payload };
    return { kind: 'invalid', reason: `sync subtype ${subtype}` };
  }
  if (type === MessageType.Awareness) {
    const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(inner);
    const claims: AwarenessClaim[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(inner);
      const clock = decoding.readVarUint(inner);
      claims.push({ clientId, clock, state: JSON.parse(decoding.readVarString(inner)) });
    }
    if (decoding.hasContent(inner)) return { kind: 'invalid', reason: 'trailing bytes in awareness' };
    return { kind: 'awareness', claims };
  }
  if (type === MessageType.QueryAwareness) return { kind: 'query-awareness' };
  return { kind: 'invalid', reason: `message type ${type}` };
}

/**
 * Sends sync step 1 on `ws` and resolves with the sync step 2 the server answers (an update holding
 * what `stateVector` lacks; the whole document by default). The server answers step 1 only to the one
 * who asked and handles a socket's messages in order, so the answer also proves that everything sent
 * before it was received and handled. Rejects if the socket closes first.
 */
export function requestStep2(ws: WebSocket, stateVector?: Uint8Array, timeoutMs = 10_000): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error('no sync step 2 answer in time')), timeoutMs);
    const onMessage = (data: Buffer) => {
      const decoded = decodeFrame(new Uint8Array(data));
      if (decoded.kind === 'sync-step-2') finish(null, decoded.update);
    };
    const onClose = (code: number) => finish(new Error(`socket closed (${code}) before sync step 2`));
    const finish = (err: Error | null, update?: Uint8Array) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if (err) reject(err);
      else resolve(update!);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(syncStep1Frame(stateVector));
  });
}

/** A Y.Doc holding exactly what the server sent in answer to a full sync step 1. */
export async function fetchServerDoc(ws: WebSocket): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await requestStep2(ws));
  return doc;
}

/** Collects the updates `change` makes to `doc` (one per transaction). */
export function captureUpdates(doc: Y.Doc, change: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => updates.push(update);
  doc.on('update', onUpdate);
  try {
    change();
  } finally {
    doc.off('update', onUpdate);
  }
  return updates;
}

// ---- Raw WebSocket framing on a TCP socket (RFC 6455 section 5.2) ----

export interface WsFrameOptions {
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  opcode: number;
  /** Clients must mask; false builds the forbidden unmasked client frame. */
  mask?: boolean;
  payload?: Uint8Array;
  /** Overrides the encoded length (to claim more than is sent). */
  claimedLength?: bigint;
}

/** Encodes one WebSocket frame byte by byte, including invalid ones. */
export function wsFrame(options: WsFrameOptions): Buffer {
  const { fin = true, rsv1 = false, rsv2 = false, rsv3 = false, opcode, mask = true } = options;
  const payload = Buffer.from(options.payload ?? new Uint8Array());
  const length = options.claimedLength ?? BigInt(payload.length);
  const first = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | (opcode & 0x0f);
  const maskBit = mask ? 0x80 : 0;
  let header: Buffer;
  if (length < 126n) {
    header = Buffer.from([first, maskBit | Number(length)]);
  } else if (length < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = maskBit | 126;
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([header, key, masked]);
}

export interface TcpWebSocket {
  socket: net.Socket;
  /** Writes raw bytes after the handshake. */
  write(bytes: Uint8Array): void;
  /**
   * Resolves with the status code of the server's close frame (null if the socket ended without one),
   * once the server sent it or closed the connection.
   */
  closed: Promise<{ closeCode: number | null }>;
}

/**
 * Opens a TCP connection, performs the WebSocket upgrade by hand and resolves once the server answered
 * 101; after that, anything can be written, including frames `ws` would never produce.
 */
export function openTcpWebSocket(port: number, pathAndQuery: string, timeoutMs = 10_000): Promise<TcpWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    let closeCode: number | null = null;
    let resolveClosed!: (value: { closeCode: number | null }) => void;
    const closed = new Promise<{ closeCode: number | null }>((r) => (resolveClosed = r));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('TCP WebSocket handshake timed out'));
    }, timeoutMs);

    socket.on('error', (err) => {
      if (!upgraded) reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (!upgraded) reject(new Error('socket closed during the handshake'));
      resolveClosed({ closeCode });
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString('latin1');
        buffered = buffered.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        clearTimeout(timer);
        resolve({ socket, write: (bytes) => socket.write(bytes), closed });
      }
      // Server frames are unmasked; read them until the close frame, then hang up ourselves.
      for (;;) {
        const frame = readServerFrame(buffered);
        if (!frame) break;
        buffered = buffered.subarray(frame.size);
        if (frame.opcode === 0x8) {
          closeCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null;
          socket.destroy();
          return;
        }
      }
    });
    const key = randomBytes(16).toString('base64');
    socket.write(
      `GET ${pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

function readServerFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  let length = buf[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  if (buf.length < offset + length) return null;
  return { opcode, payload: buf.subarray(offset, offset + length), size: offset + length };
}
