import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { LocalFanout } from '../fanout';
import { createLogger } from '../log';
import { SqliteStore, type Store, type StoredDocument } from '../store';
import { decodeIncoming, encodeUpdate } from './messages';
import type { Peer, Room, RoomOptions } from './room';
import { Rooms } from './rooms';

const REVIEW = 'rooms-test-review';
let dir: string;
let sqlite: SqliteStore;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-rooms-'));
  sqlite = new SqliteStore(path.join(dir, 'db.sqlite'));
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'stored');
  await sqlite.createReview(
    { id: REVIEW, severity: 'SEV3', createdAt: new Date().toISOString() },
    [],
    Y.encodeStateAsUpdate(doc),
  );
});

afterEach(async () => {
  await sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The real store, with loads held until `open()` so that concurrent acquires overlap, as with a remote database. */
function gatedStore(inner: Store, failing = { now: false }) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let loads = 0;
  const store: Store = Object.create(inner);
  store.loadDocument = async (id: string): Promise<StoredDocument> => {
    loads++;
    await gate;
    if (failing.now) throw new Error('database unavailable');
    return inner.loadDocument(id);
  };
  return { store, open, loads: () => loads };
}

/** A checker that lets everything through: bytes Yjs cannot apply are stored, fail, and reset the room. */
const passThrough: RoomOptions['checkUpdate'] = (_doc, update) => ({
  ok: true,
  update,
  empty: false,
  placedBetween: [],
  touched: [],
});

/**
 * Joins an editor to `room` (acquired from `rooms`, a reference the peer releases on close) and sends
 * an update Yjs cannot apply, which resets the room once its write queue reaches it.
 */
function resetByUnappliableUpdate(rooms: Rooms, room: Room): void {
  const peer: Peer = {
    connId: 'c1',
    role: 'editor',
    send: () => undefined,
    close: () => {
      room.leave(peer);
      rooms.release(room);
    },
  };
  room.join(peer);
  room.receive(peer, decodeIncoming(encodeUpdate(new Uint8Array([1, 2, 3]))));
}

const options = { fanout: new LocalFanout(), maxAwarenessStateBytes: 1024, awarenessPer10s: 100, compactEvery: 100 };

describe('Rooms', () => {
  it('loads a cold review once for 50 concurrent acquires, and all get the same room', async () => {
    const gated = gatedStore(sqlite);
    const rooms = new Rooms(gated.store, createLogger('silent'), options);
    const pending = Array.from({ length: 50 }, () => rooms.acquire(REVIEW));
    gated.open();
    const acquired = await Promise.all(pending);
    expect(gated.loads()).toBe(1);
    expect(new Set(acquired).size).toBe(1);
    expect(acquired[0]!.doc.getText('t').toString()).toBe('stored');
  });

  it('refuses every waiting acquire when the load fails, keeps nothing, and loads afresh next time', async () => {
    const failing = { now: true };
    const gated = gatedStore(sqlite, failing);
    const rooms = new Rooms(gated.store, createLogger('silent'), options);
    const pending = Array.from({ length: 5 }, () => rooms.acquire(REVIEW));
    gated.open();
    const results = await Promise.allSettled(pending);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(rooms.size).toBe(0);
    failing.now = false;
    expect((await rooms.acquire(REVIEW)).doc.getText('t').toString()).toBe('stored');
    expect(gated.loads()).toBe(2);
  });

  it('unloads a room when its last reference is released, and keeps it while one remains', async () => {
    const rooms = new Rooms(sqlite, createLogger('silent'), options);
    const room = await rooms.acquire(REVIEW);
    await rooms.acquire(REVIEW);
    rooms.release(room);
    await expect.poll(() => rooms.size).toBe(1);
    rooms.release(room);
    await expect.poll(() => rooms.size).toBe(0);
    expect(rooms.loadCount).toBe(1);
    await rooms.acquire(REVIEW);
    expect(rooms.loadCount).toBe(2);
  });

  it('keeps a room whose task queue holds work, and unloads it once the queue is empty', async () => {
    const rooms = new Rooms(sqlite, createLogger('silent'), options);
    const room = await rooms.acquire(REVIEW);
    let finish!: () => void;
    // Queued without holding the room until it settles (runTask would hold it): the registry must wait.
    const task = room.tasks.run(() => new Promise<void>((resolve) => (finish = resolve)));
    rooms.release(room);
    // A flush queued after the release's own: an unload that did not wait would have happened by now.
    await room.flush();
    expect(rooms.size).toBe(1);
    expect(room.discarded).toBe(false);
    finish();
    await task;
    await expect.poll(() => rooms.size).toBe(0);
    expect(room.discarded).toBe(true);
  });

  it('never hands out a room that reset itself: the next acquire loads afresh, old holders still release theirs', async () => {
    const rooms = new Rooms(sqlite, createLogger('silent'), { ...options, checkUpdate: passThrough });
    const held = await rooms.acquire(REVIEW); // e.g. an HTTP request still in flight
    const room = await rooms.acquire(REVIEW);
    expect(held).toBe(room);
    const destroy = vi.spyOn(room, 'destroy');
    resetByUnappliableUpdate(rooms, room);
    await room.whenIdle();
    expect(room.discarded).toBe(true);
    expect(await rooms.peek(REVIEW)).toBeUndefined();

    const fresh = await rooms.acquire(REVIEW);
    expect(fresh).not.toBe(room);
    expect(rooms.loadCount).toBe(2);
    expect(fresh.doc.getText('t').toString()).toBe('stored');
    expect(await sqlite.quarantinedUpdates(REVIEW)).toHaveLength(1);
    // The old room's last holder unloads it, and only it.
    rooms.release(held);
    await expect.poll(() => destroy.mock.calls.length).toBe(1);
    expect(rooms.size).toBe(1);
    expect(await rooms.peek(REVIEW)).toBe(fresh);
    rooms.release(fresh);
    await expect.poll(() => rooms.size).toBe(0);
  });

  it("hands a reset room's task queue to the room that replaces it: queued tasks run there, in order", async () => {
    const rooms = new Rooms(sqlite, createLogger('silent'), { ...options, checkUpdate: passThrough });
    const room = await rooms.acquire(REVIEW);
    const ran: Array<{ name: string; room: Room }> = [];
    let finishFirst: (() => void) | undefined;
    const first = rooms.runTask(REVIEW, async (held) => {
      await new Promise<void>((resolve) => (finishFirst = resolve));
      ran.push({ name: 'first', room: held });
    });
    const second = rooms.runTask(REVIEW, async (held) => void ran.push({ name: 'second', room: held }));
    // The first task is running (on the room as it is) before the room resets.
    await expect.poll(() => finishFirst).toBeDefined();
    resetByUnappliableUpdate(rooms, room);
    await room.whenIdle();
    expect(room.discarded).toBe(true);
    const third = rooms.runTask(REVIEW, async (held) => void ran.push({ name: 'third', room: held }));
    finishFirst!();
    await Promise.all([first, second, third]);
    expect(ran.map((task) => task.name)).toEqual(['first', 'second', 'third']);
    // The first was already running on the old room; the others waited and ran on its replacement.
    const fresh = await rooms.peek(REVIEW);
    expect(fresh).toBeDefined();
    expect(ran.map((task) => task.room)).toEqual([room, fresh, fresh]);
    expect(fresh!.tasks).toBe(room.tasks);
  });
});
