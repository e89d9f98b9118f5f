import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, ROOM_PRESENCE_FIELD, countRoomConnections, readRoomPresence, type Role } from '@hindsight/protocol';
import { applyControlPatch } from '@hindsight/review';
import { LocalFanoutBus } from '../fanout';
import { createLogger, type Logger } from '../log';
import { SqliteStore } from '../store';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { decodeIncoming, encodeAwareness, encodeAwarenessEntries, encodeSyncStep1, encodeUpdate } from './messages';
import { Room, type RoomOptions } from './room';
import { content, forgeUpdate, item } from '@hindsight/tests/support/forge';

let dir: string;
let store: SqliteStore;
const log = createLogger('silent');
const REVIEW = 'room-test-review';

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-room-'));
  store = new SqliteStore(path.join(dir, 'db.sqlite'));
  await store.createReview(
    { id: REVIEW, severity: 'SEV3', createdAt: new Date().toISOString() },
    [],
    Y.encodeStateAsUpdate(new Y.Doc()),
  );
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A peer that records what the room sends it. */
function fakePeer(role: Role) {
  const sent: Uint8Array[] = [];
  const closed: number[] = [];
  return {
    connId: role,
    role,
    sent,
    closed,
    send: (f: Uint8Array) => sent.push(f),
    close: (code: number) => closed.push(code),
  };
}

/** An editor peer joined to `room`, with a client document whose updates are kept (unsent) in `updates`. */
function joinRecordingEditor(room: Room) {
  const editor = fakePeer('editor');
  room.join(editor);
  const client = new Y.Doc();
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  return { editor, client, updates };
}

function editUpdate(edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => (update = u));
  edit(doc);
  return update;
}

const settle = (room: Room) => room.flush();

/** A checker that lets everything through, to reach what a real check makes unreachable. */
const acceptAll: RoomOptions['checkUpdate'] = (_doc, update) => ({
  ok: true,
  update,
  empty: false,
  placedBetween: [],
  touched: [],
});

/**
 * An update that throws inside Y.applyUpdate after integrating part of itself: client 8 inserts
 * 'good' into root 't' (integrated first, as Yjs goes from the highest client down), then client 7's
 * item names as its origin its own clock 5, above the item's clock 0, so Yjs looks up a struct that
 * does not exist and throws a TypeError.
 */
function halfApplyingUpdate(): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const section = (client: number, clock: number) => {
    encoding.writeVarUint(encoder.restEncoder, 1); // one struct
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, clock);
  };
  const CONTENT_STRING = 4;
  const HAS_ORIGIN = 0x80;
  encoding.writeVarUint(encoder.restEncoder, 2); // two client sections
  section(8, 0);
  encoder.writeInfo(CONTENT_STRING);
  encoder.writeParentInfo(true);
  encoder.writeString('t');
  encoder.writeString('good');
  section(7, 0);
  encoder.writeInfo(CONTENT_STRING | HAS_ORIGIN);
  encoder.writeLeftID(Y.createID(7, 5));
  encoder.writeString('x');
  encoding.writeVarUint(encoder.restEncoder, 0); // empty delete set
  return encoder.toUint8Array();
}

/** A logger that keeps every line (warn level and up) for the test to read. */
function recordingLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { log: createLogger('warn', {}, (line) => lines.push(JSON.parse(line))), lines };
}

const ROOM_LIMITS: RoomOptions = {
  fanout: new LocalFanoutBus().instance(),
  maxAwarenessStateBytes: 1024,
  awarenessPer10s: 100,
  compactEvery: 1000,
};

/** Loads the test review's room with small limits; `options` overrides them. */
function loadRoom(options: Partial<RoomOptions> = {}, roomLog: Logger = log): Promise<Room> {
  return Room.load(REVIEW, store, roomLog, { ...ROOM_LIMITS, fanout: new LocalFanoutBus().instance(), ...options });
}

/** The real store, with each append held until the test releases it (in order): commits on demand. */
function gateAppends(real: SqliteStore) {
  const waiting: Array<() => void> = [];
  const gated = Object.create(real) as SqliteStore;
  gated.appendUpdate = (reviewId, update) =>
    new Promise<void>((resolve) => waiting.push(resolve)).then(() => real.appendUpdate(reviewId, update));
  return { store: gated, held: () => waiting.length, releaseOne: () => waiting.shift()!() };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('Room', () => {
  it('stores an editor update and relays it to others only (the order: the durability gate test below)', async () => {
    const bus = new LocalFanoutBus();
    const room = await loadRoom({ fanout: bus.instance() });
    const editor = fakePeer('editor');
    const other = fakePeer('viewer');
    room.join(editor);
    room.join(other);
    other.sent.length = 0;
    const update = editUpdate((d) => d.getText('t').insert(0, 'hello'));
    room.receive(editor, decodeIncoming(encodeUpdate(update)));
    await settle(room);
    expect(room.doc.getText('t').toString()).toBe('hello');
    expect(other.sent).toHaveLength(1);
    expect(editor.sent.every((f) => decodeIncoming(f).kind !== 'update')).toBe(true);
    const stored = await store.loadDocument(REVIEW);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, stored.snapshot!);
    for (const u of stored.updates) Y.applyUpdate(reloaded, u.data);
    expect(reloaded.getText('t').toString()).toBe('hello');
    room.destroy();
  });

  it('remembers the presence names it saw, for redacted exports: trimmed, strings only, at most 500', async () => {
    const room = await loadRoom({ awarenessPer10s: 10_000 });
    const peer = fakePeer('editor');
    room.join(peer);
    const browser = new Awareness(new Y.Doc());
    const show = (user: unknown) => {
      browser.setLocalStateField('user', user);
      room.receive(peer, decodeIncoming(encodeAwareness(encodeAwarenessUpdate(browser, [browser.clientID]))));
    };
    show({ name: '  Ana Ruiz ', color: '#027a48' });
    show({ name: 42, color: '#027a48' });
    show({ name: 'x'.repeat(300), color: '#027a48' });
    show({ name: 'Ana Ruiz', color: '#175cd3' });
    expect(room.presenceNames).toEqual(['Ana Ruiz', 'x'.repeat(200)]);
    for (let index = 0; index < 600; index++) show({ name: `Person ${index}`, color: '#027a48' });
    expect(room.presenceNames).toHaveLength(500);
    room.leave(peer);
    expect(room.presenceNames).toContain('Ana Ruiz'); // seen, though no longer present
    room.destroy();
  });

  it('relays an update, answers a sync step 1 and tells other instances only once its row is durable', async () => {
    const gate = gateAppends(store);
    const bus = new LocalFanoutBus();
    const elsewhere: Uint8Array[] = [];
    bus.instance().subscribe(REVIEW, (message) => {
      if (message.kind === 'update') elsewhere.push(message.payload);
    });
    const room = await Room.load(REVIEW, gate.store, log, { ...ROOM_LIMITS, fanout: bus.instance() });
    const editor = fakePeer('editor');
    const other = fakePeer('viewer');
    const late = fakePeer('viewer');
    room.join(editor);
    room.join(other);
    room.join(late);
    other.sent.length = 0;
    late.sent.length = 0;
    const first = editUpdate((d) => d.getText('t').insert(0, 'one'));
    const second = editUpdate((d) => d.getText('u').insert(0, 'two'));
    room.receive(editor, decodeIncoming(encodeUpdate(first)));
    room.receive(editor, decodeIncoming(encodeUpdate(second)));
    await waitUntil(() => gate.held() === 2);
    // Both are applied (the second was checked against the first) but neither is stored yet.
    expect(room.doc.getText('u').toString()).toBe('two');
    room.receive(late, decodeIncoming(encodeSyncStep1(new Y.Doc())));
    await Promise.resolve();
    expect(other.sent).toEqual([]);
    expect(late.sent).toEqual([]);
    expect(elsewhere).toEqual([]);

    gate.releaseOne();
    await waitUntil(() => other.sent.length === 1);
    expect((await store.loadDocument(REVIEW)).updates).toHaveLength(1);
    // The late peer has the first relay too, but not its answer yet: that holds the second update.
    expect(late.sent.map((f) => decodeIncoming(f).kind)).toEqual(['update']);

    gate.releaseOne();
    await room.whenIdle();
    expect(other.sent.map((f) => decodeIncoming(f))).toEqual([
      { kind: 'update', update: first },
      { kind: 'update', update: second },
    ]);
    expect(late.sent.map((f) => decodeIncoming(f).kind)).toEqual(['update', 'update', 'sync-step-2']);
    expect(elsewhere).toEqual([first, second]);
    room.destroy();
  });

  it('resets the room when an update cannot be stored: relayed to nobody, every peer closed with 1011', async () => {
    const failing = Object.create(store) as SqliteStore;
    failing.appendUpdate = () => Promise.reject(new Error('disk full'));
    const room = await Room.load(REVIEW, failing, log, ROOM_LIMITS);
    const editor = fakePeer('editor');
    const other = fakePeer('viewer');
    room.join(editor);
    room.join(other);
    other.sent.length = 0;
    room.receive(editor, decodeIncoming(encodeUpdate(editUpdate((d) => d.getText('t').insert(0, 'lost')))));
    await room.whenIdle();
    expect(other.sent).toEqual([]);
    expect(editor.closed).toEqual([1011]);
    expect(other.closed).toEqual([1011]);
    expect(room.discarded).toBe(true);
    const fresh = await loadRoom();
    expect(fresh.doc.getText('t').toString()).toBe('');
    room.destroy();
    fresh.destroy();
  });

  it('drops a viewer update: not applied, not stored, not relayed', async () => {
    const room = await loadRoom();
    const viewer = fakePeer('viewer');
    const editor = fakePeer('editor');
    room.join(viewer);
    room.join(editor);
    editor.sent.length = 0;
    room.receive(viewer, decodeIncoming(encodeUpdate(editUpdate((d) => d.getText('t').insert(0, 'x')))));
    await settle(room);
    expect(room.doc.getText('t').toString()).toBe('');
    expect(editor.sent).toHaveLength(0);
    expect((await store.loadDocument(REVIEW)).updates).toHaveLength(0);
    room.destroy();
  });

  it('does not ask a viewer for its state, but asks writers', async () => {
    const room = await loadRoom();
    const viewer = fakePeer('viewer');
    const editor = fakePeer('editor');
    room.join(viewer);
    room.join(editor);
    expect(viewer.sent.map((f) => decodeIncoming(f).kind)).not.toContain('sync-step-1');
    expect(editor.sent.map((f) => decodeIncoming(f).kind)).toContain('sync-step-1');
    expect(decodeIncoming(encodeSyncStep1(room.doc)).kind).toBe('sync-step-1');
    room.destroy();
  });

  it('tells every peer, viewers included, how many are connected, and lets no client state it', async () => {
    const room = await loadRoom();
    /** The latest presence state `peer` received from each client id. */
    const statesSeen = (peer: ReturnType<typeof fakePeer>) => {
      const states = new Map<number, unknown>();
      for (const frame of peer.sent) {
        const message = decodeIncoming(frame);
        if (message.kind === 'awareness') for (const entry of message.entries) states.set(entry.clientId, entry.state);
      }
      return states;
    };
    const connectionsSeen = (peer: ReturnType<typeof fakePeer>) =>
      [...statesSeen(peer).values()].flatMap((state) => {
        const room = readRoomPresence(state);
        return room ? [room.connections] : [];
      });
    const editor = fakePeer('editor');
    const viewer = fakePeer('viewer');
    const facilitator = fakePeer('facilitator');
    for (const peer of [editor, viewer, facilitator]) room.join(peer);
    for (const peer of [editor, viewer, facilitator]) expect(connectionsSeen(peer)).toEqual([3]);

    // An editor claiming to speak for the room: its state reaches the others without that field.
    const forged = { user: { name: 'Mallory', color: '#123456' }, [ROOM_PRESENCE_FIELD]: { connections: 999 } };
    const entry = { clientId: 4242, clock: 1, state: forged, stateBytes: JSON.stringify(forged).length };
    room.receive(editor, decodeIncoming(encodeAwareness(encodeAwarenessEntries([entry]))));
    expect(statesSeen(viewer).get(4242)).toEqual({ user: { name: 'Mallory', color: '#123456' } });
    expect(room.awareness.getStates().get(4242)).toEqual({ user: { name: 'Mallory', color: '#123456' } });
    expect(connectionsSeen(viewer)).toEqual([3]);

    room.leave(viewer);
    expect(connectionsSeen(editor)).toEqual([2]);
    expect(connectionsSeen(facilitator)).toEqual([2]);
    room.destroy();
  });

  it('reaches the room of the same review on another instance through the fan-out', async () => {
    const bus = new LocalFanoutBus();
    const a = await loadRoom({ fanout: bus.instance() });
    const b = await loadRoom({ fanout: bus.instance() });
    const editor = fakePeer('editor');
    const remote = fakePeer('editor');
    a.join(editor);
    b.join(remote);
    remote.sent.length = 0;
    a.receive(editor, decodeIncoming(encodeUpdate(editUpdate((d) => d.getText('t').insert(0, 'across')))));
    await settle(a);
    await expect.poll(() => b.doc.getText('t').toString()).toBe('across');
    expect(remote.sent.map((f) => decodeIncoming(f).kind)).toContain('update');
    a.destroy();
    b.destroy();
  });

  describe('presence across instances', () => {
    const named = { user: { name: 'Ana Alvarez', color: '#027a48' } };
    const pseudonym = { user: { name: 'Quiet Otter', color: '#027a48' } };
    /** An awareness message from `peer` speaking for `clientId`. */
    const say = (clientId: number, clock: number, state: unknown) =>
      decodeIncoming(
        encodeAwareness(encodeAwarenessEntries([{ clientId, clock, state, stateBytes: JSON.stringify(state).length }])),
      );
    /** Presence another instance publishes (the fan-out delivers it to every other instance's room). */
    const publishFrom = (
      instance: ReturnType<LocalFanoutBus['instance']>,
      clientId: number,
      clock: number,
      state: unknown,
    ) =>
      instance.publish(REVIEW, {
        kind: 'awareness',
        payload: encodeAwarenessEntries([{ clientId, clock, state, stateBytes: JSON.stringify(state).length }]),
      });
    const anonymous = (room: Room) =>
      room.applyServerChange((doc) => applyControlPatch(doc, { anonymity: 'anonymous' }));

    it('a room loaded after a client joined another instance asks for and gets its presence', async () => {
      const bus = new LocalFanoutBus();
      const b = await loadRoom({ fanout: bus.instance() });
      const early = fakePeer('editor');
      b.join(early);
      b.receive(early, say(501, 1, pseudonym));
      const a = await loadRoom({ fanout: bus.instance() });
      const late = fakePeer('editor');
      a.join(late);
      // Without the query A would learn of client 501 only at its next renewal (15 s later).
      await expect.poll(() => a.awareness.getStates().get(501)).toEqual(pseudonym);
      expect(late.sent.some((f) => JSON.stringify(decodeIncoming(f)).includes('Quiet Otter'))).toBe(true);
      a.destroy();
      b.destroy();
    });

    it('each instance’s connection count reaches the other’s peers, and leaves with its room', async () => {
      const bus = new LocalFanoutBus();
      const a = await loadRoom({ fanout: bus.instance() });
      const b = await loadRoom({ fanout: bus.instance() });
      const viewer = fakePeer('viewer');
      a.join(viewer);
      const remote = [fakePeer('editor'), fakePeer('viewer')];
      for (const peer of remote) b.join(peer);
      const counted = (room: Room) => countRoomConnections(room.awareness.getStates().values());
      await expect.poll(() => counted(a)).toBe(3);
      await expect.poll(() => counted(b)).toBe(3);
      // A client cannot pass for an instance: its room facts are stripped before they cross.
      b.receive(remote[0]!, say(611, 1, { [ROOM_PRESENCE_FIELD]: { connections: 50 } }));
      await expect.poll(() => a.awareness.getStates().get(611)).toEqual({});
      expect(counted(a)).toBe(3);
      for (const peer of remote) b.leave(peer);
      await expect.poll(() => counted(a)).toBe(1);
      // Unloaded, B's state (a count of 0 now) is withdrawn everywhere at once, not at the timeout.
      const instanceB = b.awareness.clientID;
      expect(a.awareness.getStates().has(instanceB)).toBe(true);
      b.destroy();
      await expect.poll(() => a.awareness.getStates().has(instanceB)).toBe(false);
      a.destroy();
    });

    it('binds a peer to its own state, not to the echo of a client that left', async () => {
      const bus = new LocalFanoutBus();
      const a = await loadRoom({ fanout: bus.instance() });
      const other = bus.instance();
      await publishFrom(other, 950, 1, pseudonym);
      await expect.poll(() => a.awareness.getStates().has(950)).toBe(true);
      await publishFrom(other, 950, 1, null);
      await expect.poll(() => a.awareness.getStates().has(950)).toBe(false);
      // A stock client echoes the removal it was sent before it speaks for itself.
      const peer = fakePeer('editor');
      a.join(peer);
      a.receive(peer, say(950, 1, null));
      a.receive(peer, say(951, 1, pseudonym));
      expect(a.awareness.getStates().get(951)).toEqual(pseudonym);
      a.destroy();
    });

    it('drops what another instance says for a client connected here, and named states while anonymous', async () => {
      const bus = new LocalFanoutBus();
      const a = await loadRoom({ fanout: bus.instance() });
      const other = bus.instance();
      const editor = fakePeer('editor');
      const viewer = fakePeer('viewer');
      a.join(editor);
      a.join(viewer);
      a.receive(editor, say(700, 1, pseudonym));
      // Another instance cannot replace or remove the state of a client connected here.
      await publishFrom(other, 700, 9, named);
      await publishFrom(other, 700, 1, null);
      await anonymous(a);
      // While anonymous, a named state from another instance (which may not have seen the policy
      // turn yet) is not shown; a pseudonymous one is, and it arrives after the named one.
      await publishFrom(other, 801, 1, named);
      await publishFrom(other, 802, 1, pseudonym);
      await expect.poll(() => a.awareness.getStates().get(802)).toEqual(pseudonym);
      expect(a.awareness.getStates().get(700)).toEqual(pseudonym);
      expect(a.awareness.getStates().has(801)).toBe(false);
      expect(viewer.sent.filter((f) => JSON.stringify(decodeIncoming(f)).includes('Ana'))).toEqual([]);
      a.destroy();
    });

    it('withdraws the named states of clients on other instances itself when the policy turns anonymous', async () => {
      const bus = new LocalFanoutBus();
      const a = await loadRoom({ fanout: bus.instance() });
      const viewer = fakePeer('viewer');
      a.join(viewer);
      await publishFrom(bus.instance(), 901, 1, named);
      await expect.poll(() => a.awareness.getStates().get(901)).toEqual(named);
      // No withdrawal comes from the other instance (lost, or that instance died): A needs none.
      await anonymous(a);
      expect(a.awareness.getStates().has(901)).toBe(false);
      const last = viewer.sent.map((f) => decodeIncoming(f)).findLast((m) => m.kind === 'awareness');
      expect(last).toMatchObject({ entries: [{ clientId: 901, state: null }] });
      a.destroy();
    });
  });

  it('compacts the log into a snapshot that rebuilds the same document', async () => {
    const room = await loadRoom({ compactEvery: 10 });
    const editor = fakePeer('editor');
    room.join(editor);
    const client = new Y.Doc();
    client.on('update', (u: Uint8Array) => room.receive(editor, decodeIncoming(encodeUpdate(u))));
    for (let i = 0; i < 25; i++) client.getText('t').insert(i, String(i % 10));
    await settle(room);
    const stored = await store.loadDocument(REVIEW);
    expect(stored.updates).toHaveLength(0);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, stored.snapshot!);
    expect(rebuilt.getText('t').toString()).toBe(client.getText('t').toString());
    room.destroy();
  });

  it('stores server changes before relaying them, and refuses clients that write a server-owned root', async () => {
    const room = await loadRoom({ serverOwnedRoots: new Set(['server']) });
    const editor = fakePeer('editor');
    room.join(editor);
    editor.sent.length = 0;
    await room.applyServerChange((doc) => doc.getMap('server').set('tally', 3));
    expect(room.doc.getMap('server').get('tally')).toBe(3);
    expect(editor.sent.map((f) => decodeIncoming(f).kind)).toEqual(['update']);
    const stored = await store.loadDocument(REVIEW);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, stored.snapshot!);
    for (const u of stored.updates) Y.applyUpdate(reloaded, u.data);
    expect(reloaded.getMap('server').get('tally')).toBe(3);

    // An editor forging the tally from a synced replica is closed, and nothing changes.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
    const forged: Uint8Array[] = [];
    replica.on('update', (u: Uint8Array) => forged.push(u));
    replica.getMap('server').set('tally', 1000);
    room.receive(editor, decodeIncoming(encodeUpdate(forged[0]!)));
    await settle(room);
    expect(editor.closed).toEqual([1007]);
    expect(room.doc.getMap('server').get('tally')).toBe(3);
    const after = await store.loadDocument(REVIEW);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, after.snapshot!);
    for (const u of after.updates) Y.applyUpdate(rebuilt, u.data);
    expect(rebuilt.getMap('server').get('tally')).toBe(3);
    await expect(
      room.applyServerChange(() => {
        throw new Error('bad change');
      }),
    ).rejects.toThrow('bad change');
    room.destroy();
  });

  it('holds an update whose dependencies are not here yet, then applies both in order; nothing stored before', async () => {
    const room = await loadRoom();
    const editor = fakePeer('editor');
    const other = fakePeer('editor');
    room.join(editor);
    room.join(other);
    other.sent.length = 0;
    // A client reconnecting: an edit typed after reconnecting arrives before its offline edits.
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    client.getText('t').insert(0, 'offline ');
    client.getText('t').insert(8, 'online');
    room.receive(editor, decodeIncoming(encodeUpdate(updates[1]!)));
    await room.whenIdle();
    expect(room.doc.getText('t').toString()).toBe('');
    expect(other.sent).toHaveLength(0);
    expect((await store.loadDocument(REVIEW)).updates).toHaveLength(0);
    expect(editor.closed).toEqual([]);
    room.receive(editor, decodeIncoming(encodeUpdate(updates[0]!)));
    await room.whenIdle();
    expect(room.doc.getText('t').toString()).toBe('offline online');
    expect(other.sent).toHaveLength(2);
    expect((await store.loadDocument(REVIEW)).updates).toHaveLength(2);
    room.destroy();
  });

  it('closes a peer that keeps sending updates it cannot back up, without storing any', async () => {
    const room = await loadRoom();
    const editor = fakePeer('editor');
    room.join(editor);
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 100; i++) client.getText('t').insert(i, 'x');
    for (const u of updates.slice(1)) room.receive(editor, decodeIncoming(encodeUpdate(u)));
    await room.whenIdle();
    expect(editor.closed).toEqual([1007]);
    expect((await store.loadDocument(REVIEW)).updates).toHaveLength(0);
    expect(room.doc.getText('t').toString()).toBe('');
    room.destroy();
  });

  it('stores nothing for an update that adds nothing: a repeat, or a delete of what is already deleted', async () => {
    const room = await loadRoom();
    const { editor, client, updates } = joinRecordingEditor(room);
    client.getText('t').insert(0, 'abc');
    client.getText('t').delete(0, 1);
    const sendAll = async () => {
      for (const u of updates) room.receive(editor, decodeIncoming(encodeUpdate(u)));
      await room.whenIdle();
      return (await store.loadDocument(REVIEW)).updates.length;
    };
    const rows = await sendAll();
    expect(await sendAll()).toBe(rows);
    room.receive(editor, decodeIncoming(encodeUpdate(Y.encodeStateAsUpdate(client))));
    await room.whenIdle();
    expect((await store.loadDocument(REVIEW)).updates).toHaveLength(rows);
    expect(room.doc.getText('t').toString()).toBe('bc');
    expect(editor.closed).toEqual([]);
    room.destroy();
  });

  it('refuses (4413) a client update past the document size cap, keeps deletions and server writes, and frees up on compaction', async () => {
    const room = await loadRoom({ maxDocumentBytes: 4096 });
    const { editor, client, updates } = joinRecordingEditor(room);
    const send = async (change: () => void) => {
      updates.length = 0;
      change();
      for (const u of updates) room.receive(editor, decodeIncoming(encodeUpdate(u)));
      await room.whenIdle();
    };
    const rowsBefore = (await store.loadDocument(REVIEW)).updates.length;
    await send(() => client.getText('t').insert(0, 'a'.repeat(3000)));
    expect(room.size).toMatchObject({ maxDocumentBytes: 4096, full: false });
    await send(() => client.getText('t').insert(0, 'b'.repeat(2000)));
    expect(editor.closed).toEqual([CloseCode.DocumentFull]);
    expect(room.doc.getText('t').toString()).toBe('a'.repeat(3000));
    expect((await store.loadDocument(REVIEW)).updates).toHaveLength(rowsBefore + 1);
    expect(room.size.full).toBe(true);

    // The server still writes, and a deletion is taken: it is how a full document makes room.
    await room.applyServerChange((doc) => doc.getMap('control').set('phase', 'vote'));
    const again = fakePeer('editor');
    room.join(again);
    updates.length = 0;
    client.getText('t').delete(2000, 3000); // the 'a's the server has, not the refused 'b's
    for (const u of updates) room.receive(again, decodeIncoming(encodeUpdate(u)));
    await room.whenIdle();
    expect(again.closed).toEqual([]);
    expect(room.doc.getText('t').toString()).toBe('');
    expect(room.doc.getMap('control').get('phase')).toBe('vote');

    await room.flush();
    expect(room.size.full).toBe(false);
    expect(room.size.documentBytes).toBeLessThan(4096);
    room.destroy();
  });

  it('refuses, once placed, an item whose new origin lies right of its right origin: quarantined, relayed to nobody, reset', async () => {
    const { log: roomLog, lines } = recordingLogger();
    const room = await loadRoom({}, roomLog);
    const editor = fakePeer('editor');
    const other = fakePeer('editor');
    room.join(editor);
    room.join(other);
    // 'a' then 'b' after it, from two clients, through the real check.
    const typed = new Y.Doc();
    typed.clientID = 1;
    typed.getText('t').insert(0, 'a');
    const second = new Y.Doc();
    second.clientID = 2;
    Y.applyUpdate(second, Y.encodeStateAsUpdate(typed));
    second.getText('t').insert(1, 'b');
    room.receive(editor, decodeIncoming(encodeUpdate(Y.encodeStateAsUpdate(second))));
    await room.whenIdle();
    expect(room.doc.getText('t').toString()).toBe('ab');
    const before = Y.encodeStateAsUpdate(room.doc);
    other.sent.length = 0;
    // x after 'b' (fine), then y after x whose right origin is 'a', left of both: only Yjs's
    // placing of x shows that y's neighbours cannot have been adjacent.
    const attacker = 0x7fff0001;
    const crossed = forgeUpdate([
      {
        client: attacker,
        clock: 0,
        structs: [
          item({ origin: Y.createID(2, 0), content: content.string('x') }),
          item({ origin: Y.createID(attacker, 0), rightOrigin: Y.createID(1, 0), content: content.string('y') }),
        ],
      },
    ]);
    room.receive(editor, decodeIncoming(encodeUpdate(crossed)));
    await room.whenIdle();
    expect(other.sent).toEqual([]);
    expect(room.discarded).toBe(true);
    expect(other.closed).toEqual([1011]);
    const quarantined = await store.quarantinedUpdates(REVIEW);
    expect(quarantined).toEqual([
      expect.objectContaining({ error: expect.stringMatching(/not between its origin and its right origin/) }),
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'room.update_quarantined' }));
    const reloaded = await loadRoom();
    expect(Y.encodeStateAsUpdate(reloaded.doc)).toEqual(before);
    reloaded.destroy();
  });

  it('has a fixture update that Yjs half-applies: it integrates a part, emits it, then throws', () => {
    const doc = new Y.Doc();
    const emitted: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => emitted.push(u));
    expect(() => Y.applyUpdate(doc, halfApplyingUpdate())).toThrow(TypeError);
    expect(doc.getText('t').toString()).toBe('good');
    expect(emitted).toHaveLength(1);
  });

  it('quarantines a stored update that throws on apply, relays none of it, and resets the room', async () => {
    const { log: roomLog, lines } = recordingLogger();
    const room = await loadRoom({ checkUpdate: acceptAll }, roomLog);
    const editor = fakePeer('editor');
    const other = fakePeer('editor');
    room.join(editor);
    room.join(other);
    const kept = editUpdate((d) => d.getText('t').insert(0, 'hello'));
    room.receive(editor, decodeIncoming(encodeUpdate(kept)));
    await room.whenIdle();
    const before = Y.encodeStateVector(room.doc);
    const keptSeq = (await store.loadDocument(REVIEW)).lastSeq;
    other.sent.length = 0;

    const bad = halfApplyingUpdate();
    room.receive(editor, decodeIncoming(encodeUpdate(bad)));
    await room.whenIdle();
    // Yjs did integrate part of it: that part reached nobody, and the room is given up.
    expect(room.doc.getText('t').toString()).toContain('good');
    expect(other.sent).toEqual([]);
    expect(editor.closed).toEqual([1011]);
    expect(other.closed).toEqual([1011]);
    expect(room.discarded).toBe(true);
    const stored = await store.loadDocument(REVIEW);
    expect(stored.updates.map((u) => u.seq)).toEqual([keptSeq]);
    const quarantined = await store.quarantinedUpdates(REVIEW);
    expect(quarantined).toEqual([
      {
        seq: keptSeq + 1,
        error: expect.stringMatching(/^TypeError/),
        quarantinedAt: expect.any(String),
        byteLength: bad.byteLength,
      },
    ]);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'room.update_quarantined',
        reviewId: REVIEW,
        seq: keptSeq + 1,
        connId: 'editor',
      }),
    );

    // It takes nothing more: no compaction of its document, no late joiner, no further writes.
    await room.flush();
    expect((await store.loadDocument(REVIEW)).snapshotSeq).toBe(0);
    const late = fakePeer('editor');
    room.join(late);
    await Promise.resolve();
    expect(late.closed).toEqual([1011]);
    expect(late.sent).toEqual([]);
    room.receive(editor, decodeIncoming(encodeUpdate(editUpdate((d) => d.getText('t').insert(0, 'more')))));
    await room.whenIdle();
    expect((await store.loadDocument(REVIEW)).updates).toHaveLength(1);

    const fresh = await loadRoom();
    expect(fresh.doc.getText('t').toString()).toBe('hello');
    expect(Y.encodeStateVector(fresh.doc)).toEqual(before);
    room.destroy();
    fresh.destroy();
  });

  it('quarantines stored rows that throw at load, applies the rows around them, and compaction keeps them', async () => {
    const { log: roomLog, lines } = recordingLogger();
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    client.getText('t').insert(0, 'first ');
    client.getText('t').insert(6, 'second');
    const firstSeq = await store.appendUpdate(REVIEW, updates[0]!);
    const garbageSeq = await store.appendUpdate(REVIEW, new Uint8Array([1, 2, 3]));
    const halfSeq = await store.appendUpdate(REVIEW, halfApplyingUpdate());
    const secondSeq = await store.appendUpdate(REVIEW, updates[1]!);

    const room = await loadRoom({}, roomLog);
    // Not even the part of the half-applying row that Yjs integrated before throwing.
    expect(room.doc.getText('t').toString()).toBe('first second');
    expect((await store.loadDocument(REVIEW)).updates.map((u) => u.seq)).toEqual([firstSeq, secondSeq]);
    expect((await store.quarantinedUpdates(REVIEW)).map((q) => q.seq)).toEqual([garbageSeq, halfSeq]);
    expect(lines.filter((l) => l.msg === 'room.load.quarantined').map((l) => [l.level, l.seq])).toEqual([
      ['error', garbageSeq],
      ['error', halfSeq],
    ]);

    await room.flush();
    const compacted = await store.loadDocument(REVIEW);
    expect(compacted.snapshotSeq).toBe(secondSeq);
    expect(compacted.updates).toEqual([]);
    expect((await store.quarantinedUpdates(REVIEW)).map((q) => [q.seq, q.byteLength])).toEqual([
      [garbageSeq, 3],
      [halfSeq, halfApplyingUpdate().byteLength],
    ]);
    room.destroy();
    const reloaded = await loadRoom();
    expect(reloaded.doc.getText('t').toString()).toBe('first second');
    reloaded.destroy();
  });
});
