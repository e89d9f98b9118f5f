/**
 * Malformed input against a live room. The frames come from a seeded PRNG: the seed is printed, and
 * FUZZ_SEED=<seed> replays the same run (FUZZ_FRAMES sets how many frames; 3000 by default).
 */
import { storedState, type StoredState } from '../support/db';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@hindsight/protocol';
import {
  addFinding,
  findingText,
  listFindings,
  readMeta,
  reviewSnapshot,
  setTitle,
  titleText,
  type ReviewSnapshot,
} from '@hindsight/review';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import {
  authFrame,
  awarenessFrame,
  captureUpdates,
  decodeFrame,
  encodeMessage,
  openTcpWebSocket,
  requestStep2,
  syncFrame,
  syncStep1Frame,
  syncStep2Frame,
  syncUpdateFrame,
  wsFrame,
} from '../support/frames';
import { createRng } from '../support/model';
import { createReview, startServer, stopAllServers, type CreatedReview, type TestServer } from '../support/server';
afterAll(stopAllServers);

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const FRAMES = process.env.FUZZ_FRAMES ? Number(process.env.FUZZ_FRAMES) : 3000;
const WORKERS = 12;

/** The tests' seeded PRNG (mulberry32): the same seed gives the same run. Integers from `min` to `max` inclusive. */
function prng(seed: number) {
  const { next, int: below } = createRng(seed);
  const int = (min: number, max: number) => min + below(max - min + 1);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!,
    bytes: (n: number) => Uint8Array.from({ length: n }, () => int(0, 255)),
    /** Mostly printable ASCII, sometimes any code point below the surrogates (control characters too). */
    text: (n: number) =>
      String.fromCodePoint(...Array.from({ length: n }, () => (next() < 0.9 ? int(32, 126) : int(0, 0xd7ff)))),
  };
}
type Rng = ReturnType<typeof prng>;

/** What the server must do with a frame: close the socket with a code, or keep it open. */
type Expectation = number | 'open';

interface FuzzFrame {
  kind: string;
  /** A y-websocket frame (binary), a text frame, or raw bytes for a TCP socket after the handshake. */
  data: Uint8Array | string;
  tcp?: boolean;
  expect: Expectation;
  /** Close the socket after this frame, whatever happened. */
  dropAfter?: true;
}

// ---- What the server holds, and what it stored ----

interface RoomState {
  /** The server's own encoding of its document (sync step 2 for an empty state vector). */
  encoded: Uint8Array;
  snapshot: ReviewSnapshot;
  stored: StoredState;
}

async function openSocket(server: TestServer, reviewId: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.wsUrl}/sync/${reviewId}?token=${token}`);
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed (${code}) before open`)));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return ws;
}

/** The document as the server holds it, through a viewer socket, and what the store holds. */
async function roomState(server: TestServer, review: CreatedReview): Promise<RoomState> {
  const ws = await openSocket(server, review.id, review.tokens.view);
  try {
    const encoded = await requestStep2(ws);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, encoded);
    return { encoded, snapshot: reviewSnapshot(doc), stored: await storedState(server.dataDir, review.id) };
  } finally {
    ws.close();
  }
}

/** The close code of `ws`, or 'open' if it is still open after `timeoutMs`. */
function closeCodeWithin(ws: WebSocket, timeoutMs: number): Promise<number | 'open'> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve(-1);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('open'), timeoutMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

// ---- Frames ----

/** Invalid WebSocket framing, each with the close code RFC 6455 (and `ws`) prescribe. */
function framingAttacks(rng: Rng | null): Array<{ kind: string; bytes: Uint8Array; expect: number }> {
  const payload = rng ? rng.bytes(rng.int(1, 20)) : Uint8Array.from([0, 0, 0]);
  const { ProtocolError, InvalidPayload, MessageTooBig } = CloseCode;
  const attack = (kind: string, frame: Parameters<typeof wsFrame>[0], expect: number) => ({
    kind,
    bytes: wsFrame(frame),
    expect,
  });
  return [
    // The 9-byte frame that kills the reference server: FIN+RSV1+binary (0xC2), masked, 3 bytes.
    attack('rsv1', { opcode: 0x2, rsv1: true, payload: payload.slice(0, 3) }, ProtocolError),
    attack('rsv2', { opcode: 0x2, rsv2: true, payload }, ProtocolError),
    attack('rsv3', { opcode: 0x2, rsv3: true, payload }, ProtocolError),
    attack('reserved opcode 0x3', { opcode: 0x3, payload }, ProtocolError),
    attack('reserved control opcode 0xb', { opcode: 0xb, payload }, ProtocolError),
    attack('unmasked client frame', { opcode: 0x2, mask: false, payload }, ProtocolError),
    attack('continuation without a start', { opcode: 0x0, payload }, ProtocolError),
    attack('fragmented ping', { opcode: 0x9, fin: false, payload }, ProtocolError),
    attack('ping over 125 bytes', { opcode: 0x9, payload: new Uint8Array(126) }, ProtocolError),
    attack('close with a 1-byte body', { opcode: 0x8, payload: Uint8Array.from([3]) }, ProtocolError),
    attack('close with code 999', { opcode: 0x8, payload: Uint8Array.from([0x03, 0xe7]) }, ProtocolError),
    attack(
      'text frame of invalid UTF-8',
      { opcode: 0x1, payload: Uint8Array.from([0xc3, 0x28, 0xff]) },
      InvalidPayload,
    ),
    attack('claimed length over maxPayload', { opcode: 0x2, claimedLength: 64n * 1024n * 1024n }, MessageTooBig),
    attack('claimed length over 2^53', { opcode: 0x2, claimedLength: 2n ** 60n }, MessageTooBig),
  ];
}

/**
 * What a correct server must do with a binary frame from an editor, decided from the protocol alone:
 * null when the frame might legitimately change the document (the generator then draws another).
 */
function expectationOf(frame: Uint8Array): Expectation | null {
  const decoded = decodeFrame(frame);
  switch (decoded.kind) {
    case 'invalid':
      return CloseCode.InvalidPayload;
    case 'sync-step-1':
      return null; // valid, and its answer would be mistaken for the barrier's
    case 'sync-step-2':
    case 'update': {
      let update: ReturnType<typeof Y.decodeUpdate>;
      try {
        update = Y.decodeUpdate(decoded.update);
      } catch {
        return CloseCode.InvalidPayload;
      }
      return update.structs.length === 0 && update.ds.clients.size === 0 ? 'open' : null;
    }
    case 'awareness':
    case 'query-awareness':
      return 'open';
  }
}

/** Builds the seeded frame list against the room's current document. */
function generateFrames(rng: Rng, count: number, serverUpdate: Uint8Array): FuzzFrame[] {
  const base = new Y.Doc();
  Y.applyUpdate(base, serverUpdate);
  const knownClients = new Set(Y.decodeStateVector(Y.encodeStateVector(base)).keys());
  const findingIds = listFindings(base).map((f) => f.id);
  /** A doc that has the room's state, with a client id drawn from the seed. */
  const shadow = () => {
    const doc = new Y.Doc();
    do doc.clientID = rng.int(1, 2 ** 32 - 1);
    while (knownClients.has(doc.clientID));
    Y.applyUpdate(doc, serverUpdate);
    return doc;
  };
  const createdAt = '2024-05-01T12:00:00.000Z';
  /** One change that always inserts something, so each update carries structs of its client. */
  const change = (doc: Y.Doc) => {
    if (rng.next() < 0.5) {
      addFinding(doc, { category: 'went-wrong', text: rng.text(rng.int(1, 30)), createdAt });
    } else {
      const title = titleText(doc);
      title.insert(rng.int(0, title.length), rng.text(rng.int(1, 10)));
    }
  };
  const realUpdate = () => {
    const doc = shadow();
    return captureUpdates(doc, () => change(doc))[0]!;
  };
  const templates = (): Uint8Array[] => [
    syncStep1Frame(Y.encodeStateVector(base)),
    syncStep2Frame(serverUpdate),
    syncUpdateFrame(realUpdate()),
    syncStep2Frame(realUpdate()),
    awarenessFrame([
      { clientId: rng.int(1, 2 ** 32 - 1), clock: rng.int(0, 100), state: { user: { name: rng.text(8) } } },
    ]),
  ];

  const binary: Record<string, () => Uint8Array> = {
    'random bytes': () => rng.bytes(rng.int(0, 48)),
    'truncated valid message': () => {
      const full = rng.pick(templates());
      return full.slice(0, rng.int(0, full.length - 1));
    },
    'bad varint': () => {
      const ff = new Uint8Array(rng.int(1, 16)).fill(0xff);
      const prefix = rng.pick([[], [0], [0, 0], [0, 1], [0, 2], [1], [1, 1]]);
      return Uint8Array.from([...prefix, ...ff]);
    },
    'unknown message type': () =>
      rng.next() < 0.5
        ? encodeMessage(rng.int(4, 2 ** 20), (e) => encoding.writeUint8Array(e, rng.bytes(rng.int(0, 16))))
        : syncFrame(rng.int(3, 1000), Y.encodeStateVector(base)),
    'auth message from a client': () =>
      rng.pick([
        () => authFrame(rng.text(rng.int(0, 20))),
        () => Uint8Array.from([2]),
        () => Uint8Array.from([2, ...rng.bytes(rng.int(1, 8))]),
      ])(),
    'garbage update in a valid envelope': () => {
      const subtype = rng.pick([1, 2]);
      if (rng.next() < 0.5) return syncFrame(subtype, rng.bytes(rng.int(1, 64)));
      const mutated = realUpdate().slice();
      for (let i = rng.int(1, 4); i > 0; i--) mutated[rng.int(0, mutated.length - 1)] = rng.int(0, 255);
      return syncFrame(subtype, mutated.slice(0, rng.next() < 0.3 ? rng.int(1, mutated.length) : mutated.length));
    },
    'garbage awareness in a valid envelope': () =>
      encodeMessage(1, (e) => {
        const inner = encoding.createEncoder();
        encoding.writeVarUint(inner, rng.int(1, 3));
        encoding.writeVarUint(inner, rng.int(1, 2 ** 31));
        encoding.writeVarUint(inner, rng.int(0, 10));
        encoding.writeVarString(inner, rng.pick(['{', '{"user":', 'undefined', "{'a':1}", rng.text(5)]));
        encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      }),
  };
  /** An update whose earlier updates (or whose origin's updates) were never sent: held, never applied. */
  const missingDependency = (): Uint8Array => {
    const doc = shadow();
    const updates = captureUpdates(doc, () => {
      for (let i = rng.int(2, 4); i > 0; i--) change(doc);
    });
    if (rng.next() < 0.7) {
      const subtype = rng.pick([1, 2]);
      return syncFrame(subtype, updates[rng.int(1, updates.length - 1)]!);
    }
    // Another client's edit anchored on the unsent content (a finding only the shadow has): no clock
    // gap for its own client, a missing parent.
    addFinding(doc, { category: 'lucky', text: rng.text(rng.int(1, 10)), createdAt });
    const neighbour = new Y.Doc();
    Y.applyUpdate(neighbour, Y.encodeStateAsUpdate(doc));
    const unsent = listFindings(neighbour).find((f) => !findingIds.includes(f.id))!;
    const [anchored] = captureUpdates(neighbour, () => findingText(neighbour, unsent.id)!.insert(0, rng.text(3)));
    return syncUpdateFrame(anchored!);
  };

  const kinds: Array<[string, number]> = [
    ['random bytes', 14],
    ['truncated valid message', 14],
    ['bad varint', 9],
    ['unknown message type', 9],
    ['auth message from a client', 5],
    ['garbage update in a valid envelope', 15],
    ['garbage awareness in a valid envelope', 4],
    ['update with missing dependencies', 12],
    ['text frame', 9],
    ['invalid WebSocket framing', 9],
  ];
  const totalWeight = kinds.reduce((sum, [, w]) => sum + w, 0);
  const frames: FuzzFrame[] = [];
  while (frames.length < count) {
    let roll = rng.next() * totalWeight;
    const kind = kinds.find(([, w]) => (roll -= w) < 0)![0];
    if (kind === 'text frame') {
      frames.push({ kind, data: rng.text(rng.int(0, 40)), expect: CloseCode.UnsupportedData });
    } else if (kind === 'invalid WebSocket framing') {
      const attack = rng.pick(framingAttacks(rng));
      frames.push({ kind: `${kind}: ${attack.kind}`, data: attack.bytes, tcp: true, expect: attack.expect });
    } else if (kind === 'update with missing dependencies') {
      // Held by the server (never stored or applied) until what it depends on arrives; the socket is
      // then dropped, and the held update with it, so held updates never pile up on one socket.
      frames.push({ kind, data: missingDependency(), expect: 'open', dropAfter: true });
    } else {
      const data = binary[kind]!();
      const expectation = expectationOf(data);
      if (expectation !== null) frames.push({ kind, data, expect: expectation });
    }
  }
  return frames;
}

/** A frame for a failure message: text as JSON, bytes as hex (the first 64). */
const describeFrame = (data: Uint8Array | string) =>
  typeof data === 'string'
    ? JSON.stringify(data)
    : Buffer.from(data.subarray(0, 64)).toString('hex') + (data.length > 64 ? '…' : '');

/** Log lines that mean something threw where it should not have. */
const FAILURE_LOGS = [
  'uncaught',
  'unhandled_rejection',
  'conn.receive_failed',
  'room.write_failed',
  'room.update_quarantined',
  'room.quarantine_failed',
  'room.load.quarantined',
  'room.store_failed',
  'room.load_failed',
  'upgrade.failed',
];

describe('sync fuzz', () => {
  let server: TestServer;
  let review: CreatedReview;
  let editor: SyncClient;
  let other: SyncClient;
  const editorDisconnects = { count: 0 };

  beforeAll(async () => {
    console.log(`sync fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);
    // Each worker sends frames on one socket as fast as the server answers them, far faster than any
    // client writes or asks: the write and read meters (tests/sync/write-meter.test.ts,
    // read-limits.test.ts) would close it, not the frame.
    server = await startServer({
      env: {
        HINDSIGHT_UPDATES_PER_SECOND: '1000000',
        HINDSIGHT_UPDATE_BYTES_PER_MINUTE: String(2 ** 40),
        HINDSIGHT_SYNC_REQUESTS_PER_MINUTE: '1000000',
        HINDSIGHT_AWARENESS_QUERIES_PER_MINUTE: '1000000',
        HINDSIGHT_AWARENESS_FRAMES_PER_10S: '1000000',
        HINDSIGHT_AWARENESS_BYTES_PER_10S: String(2 ** 40),
      },
    });
    review = await createReview(server.url, 'Fuzzed review', 'SEV1');
    editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    other = connectClient(server.wsUrl, review.id, review.tokens.facilitator);
    await Promise.all([editor.synced, other.synced]);
    editor.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected') editorDisconnects.count++;
    });
    setTitle(editor.doc, 'Fuzzed review: payments');
    addFinding(editor.doc, { category: 'went-wrong', text: 'Retry storm' });
    addFinding(editor.doc, { category: 'went-well', text: 'Fast rollback' });
    await waitFor(() => listFindings(other.doc).length === 2, 'initial content synced');
  });
  afterAll(() => {
    editor?.destroy();
    other?.destroy();
  });

  /** The server is up, threw nowhere, and the room's document and log are exactly as before. */
  async function expectRoomIntact(before: RoomState): Promise<void> {
    expect(server.process.exitCode).toBeNull();
    expect(server.process.signalCode).toBeNull();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(server.logs.filter((l) => FAILURE_LOGS.includes(String(l.msg)))).toEqual([]);
    const after = await roomState(server, review);
    expect(after.snapshot).toEqual(before.snapshot);
    expect(Buffer.from(after.encoded).equals(Buffer.from(before.encoded))).toBe(true);
    expect(after.stored).toEqual(before.stored);
    // The editor that stayed connected throughout still syncs to a second client.
    expect(editorDisconnects.count).toBe(0);
    const title = `Fuzzed review: ${Math.random().toString(36).slice(2)}`;
    const [legit] = captureUpdates(editor.doc, () => setTitle(editor.doc, title));
    await waitFor(() => readMeta(other.doc).title === title, 'a legit change after the attack');
    const stored = await storedState(server.dataDir, review.id);
    expect(stored.updates).toEqual([...before.stored.updates, legit]);
  }

  it('invalid WebSocket framing after a valid handshake closes only that socket (1002 etc.) and the server lives', async () => {
    const before = await roomState(server, review);
    const results = [];
    for (const attack of framingAttacks(null)) {
      const tcp = await openTcpWebSocket(server.port, `/sync/${review.id}?token=${review.tokens.edit}`);
      tcp.write(attack.bytes);
      const { closeCode } = await tcp.closed;
      results.push({ kind: attack.kind, closeCode });
    }
    expect(results).toEqual(framingAttacks(null).map((a) => ({ kind: a.kind, closeCode: a.expect })));
    expect(framingAttacks(null)[0]!.bytes.length).toBe(9);
    await expectRoomIntact(before);
  });

  it(`survives ${FRAMES} malformed frames on many sockets: document, log and live editors untouched`, async () => {
    const before = await roomState(server, review);
    const rng = prng(SEED);
    const frames = generateFrames(rng, FRAMES, before.encoded);
    type Mismatch = { index: number; kind: string; expected: Expectation; actual: number | string; frame: string };
    const mismatches: Mismatch[] = [];
    const tally = new Map<string, number>();
    let sockets = 0;
    let next = 0;
    const started = Date.now();

    const worker = async () => {
      let ws: WebSocket | null = null;
      while (next < frames.length) {
        const index = next++;
        const frame = frames[index]!;
        tally.set(frame.kind, (tally.get(frame.kind) ?? 0) + 1);
        let actual: number | 'open' | string;
        try {
          if (frame.tcp) {
            const tcp = await openTcpWebSocket(server.port, `/sync/${review.id}?token=${review.tokens.edit}`);
            sockets++;
            tcp.write(frame.data as Uint8Array);
            const closed = await Promise.race([tcp.closed, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
            if (closed === null) tcp.socket.destroy();
            actual = closed === null ? 'open' : (closed.closeCode ?? 'no close frame');
          } else {
            if (!ws) {
              ws = await openSocket(server, review.id, review.tokens.edit);
              sockets++;
            }
            ws.send(frame.data, { binary: typeof frame.data !== 'string' });
            if (frame.expect === 'open') {
              // Same socket, in order: the answer to step 1 proves the frame was handled.
              actual = await requestStep2(ws, undefined, 5_000).then(
                () => 'open' as const,
                () => closeCodeWithin(ws!, 1_000),
              );
            } else {
              actual = await closeCodeWithin(ws, 5_000);
            }
            if (actual !== 'open') ws = null;
            else if (frame.dropAfter) {
              ws.terminate();
              ws = null;
            }
          }
        } catch (err) {
          actual = `error: ${(err as Error).message}`;
          ws?.terminate();
          ws = null;
        }
        if (actual !== frame.expect) {
          mismatches.push({
            index,
            kind: frame.kind,
            expected: frame.expect,
            actual,
            frame: describeFrame(frame.data),
          });
          ws?.terminate();
          ws = null;
        }
      }
      ws?.close();
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    console.log(
      `sync fuzz: ${frames.length} frames on ${sockets} sockets in ${Date.now() - started} ms (seed ${SEED})\n` +
        [...tally].map(([kind, n]) => `  ${n}\t${kind}`).join('\n'),
    );

    const wrongByKind = Object.fromEntries(
      [...new Set(mismatches.map((m) => m.kind))].map((k) => [k, mismatches.filter((m) => m.kind === k).length]),
    );
    expect({ wrongByKind, first: mismatches.slice(0, 5) }, `seed ${SEED}`).toEqual({ wrongByKind: {}, first: [] });
    await expectRoomIntact(before);
  });
});
