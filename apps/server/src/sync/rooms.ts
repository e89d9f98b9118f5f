import { CloseCode } from '@hindsight/protocol';
import type { Logger } from '../log';
import { StoreUnavailableError, type Store } from '../store';
import { upgradesNeeded } from './document-upgrade';
import { Room, type RoomOptions } from './room';
import type { TaskQueue } from './task-queue';

interface Entry {
  room: Promise<Room>;
  refs: number;
}

/**
 * The registry of rooms in memory. A room is loaded once however many clients ask for it at the same
 * moment (they share one load), and unloaded after a flush when its last client leaves and its task
 * queue is empty. A room that reset itself (an update failed in its document) is never handed out
 * again: the next acquire loads the review afresh, and the new room takes over the old one's task
 * queue, while holders of the old room release it as usual.
 */
export class Rooms {
  /** Each review's current room, loading or loaded. */
  private readonly entries = new Map<string, Entry>();
  /** The entry of every loaded room that has not been unloaded, a discarded one included. */
  private readonly entryOf = new Map<Room, Entry>();
  private loads = 0;

  private readonly unsubscribeControl: () => void;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: RoomOptions,
  ) {
    this.unsubscribeControl = options.fanout.onControl((event) => {
      void this.closeLinkConnections(event.reviewId, event.linkId, CloseCode.Unauthorized, 'revoked').then((closed) =>
        this.log.info('review.link_revoked_elsewhere', { reviewId: event.reviewId, linkId: event.linkId, closed }),
      );
    });
  }

  /** Number of rooms loaded from storage since start (a measure for tests and metrics). */
  get loadCount(): number {
    return this.loads;
  }

  /** Rooms currently held in memory. */
  get size(): number {
    return this.entries.size;
  }

  /** The loaded room of a review, if it is in memory (and not discarded). */
  async peek(reviewId: string): Promise<Room | undefined> {
    const room = await this.entries.get(reviewId)?.room;
    return room?.discarded ? undefined : room;
  }

  /** Takes a reference to the review's room, loading it if needed. Pair every call with release(). */
  acquire(reviewId: string): Promise<Room> {
    return this.take(reviewId);
  }

  /** acquire(), where `tasks` is the queue of a reset room for the room that replaces it. */
  private async take(reviewId: string, tasks?: TaskQueue): Promise<Room> {
    let entry = this.entries.get(reviewId);
    if (!entry) {
      this.loads++;
      const log = this.log.child({ reviewId });
      const created: Entry = { refs: 0, room: Room.load(reviewId, this.store, log, this.options, tasks) };
      // A failed load leaves nothing behind: the next client tries again from storage.
      created.room.then(
        (room) => {
          this.upgradeDocument(room);
          this.options.onLoaded?.(room);
        },
        (err) => {
          // An unreachable database is an outage (logged where it shows), not a fault of this review.
          log[err instanceof StoreUnavailableError ? 'warn' : 'error']('room.load_failed', { err });
          if (this.entries.get(reviewId) === created) this.entries.delete(reviewId);
        },
      );
      this.entries.set(reviewId, created);
      entry = created;
    }
    entry.refs++;
    let room: Room;
    try {
      room = await entry.room;
    } catch (err) {
      entry.refs--;
      throw err;
    }
    this.entryOf.set(room, entry);
    if (!room.discarded) return room;
    if (this.entries.get(reviewId) === entry) this.entries.delete(reviewId);
    this.release(room);
    // Tasks queued on the old room still run, one at a time with those of the new one (see runTask).
    return this.take(reviewId, room.tasks);
  }

  /** Runs `use` with the review's room held (loading it if needed) and releases it afterwards. */
  async withRoom<T>(reviewId: string, use: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.acquire(reviewId);
    try {
      return await use(room);
    } finally {
      this.release(room);
    }
  }

  /**
   * Runs `task` in the review's task queue (`room.tasks`, see task-queue.ts) and under the store's
   * review lock (so one instance at a time writes the review's server-owned roots), with the review's room,
   * held from now until the task has settled, so the queue cannot be unloaded with work in it. Should
   * the room reset while the task waits, the task runs on the room that replaced it (which took over
   * the queue).
   */
  runTask<T>(reviewId: string, task: (room: Room) => Promise<T>): Promise<T> {
    // Across instances: under the review's lock, on a document that has every write stored before it.
    const locked = (room: Room) =>
      this.store.withReviewLock(reviewId, async () => {
        await room.recheck();
        return task(room);
      });
    return this.withRoom(reviewId, (room) =>
      room.tasks.run(() => (room.discarded ? this.withRoom(reviewId, locked) : locked(room))),
    );
  }

  /**
   * Brings a just-loaded document up to date (see document-upgrade.ts) as a task of the review, so
   * under its lock and on a document that has every stored update: another instance may have
   * upgraded it meanwhile, which the task then sees.
   */
  private upgradeDocument(loaded: Room): void {
    if (upgradesNeeded(loaded.doc).length === 0) return;
    this.runTask(loaded.reviewId, async (room) => {
      const upgrades = upgradesNeeded(room.doc);
      if (upgrades.length === 0) return;
      await room.applyServerChange((doc) => upgrades.forEach((upgrade) => upgrade.apply(doc)));
      this.log.info('room.document_upgraded', { reviewId: room.reviewId, upgrades: upgrades.map((u) => u.name) });
    }).catch((err) => this.log.warn('room.document_upgrade_failed', { reviewId: loaded.reviewId, err }));
  }

  /** Drops a reference to a room that acquire() returned; the last one flushes and unloads it. */
  release(room: Room): void {
    const entry = this.entryOf.get(room);
    if (!entry) return;
    entry.refs--;
    if (entry.refs === 0) void this.unloadWhenIdle(room, entry);
  }

  /**
   * Unloads a room nobody holds, once its task queue is empty and it is flushed. Tasks hold their
   * room (runTask), so the queue is normally empty by now; waiting keeps a task queued by someone who
   * did not hold the room until it settled from being dropped. A reset room's queue has passed to its
   * replacement: there is nothing to wait for.
   */
  private async unloadWhenIdle(room: Room, entry: Entry): Promise<void> {
    while (!room.discarded && room.tasks.size > 0) {
      await room.tasks.settled();
      if (entry.refs > 0) return;
    }
    await room.flush();
    // A client may have joined while we flushed (then the room stays), or an earlier release unloaded it.
    if (entry.refs > 0 || this.entryOf.get(room) !== entry) return;
    this.entryOf.delete(room);
    if (this.entries.get(room.reviewId) === entry) this.entries.delete(room.reviewId);
    room.destroy();
    this.log.info('room.unloaded', { reviewId: room.reviewId });
  }

  /**
   * After the link `linkId` was revoked: closes its connections here (returns how many) and tells
   * the other instances to close theirs. Should Redis lose that message, each instance's periodic
   * re-check (see recheck.ts) closes them later.
   */
  async revokeLinkConnections(reviewId: string, linkId: string): Promise<number> {
    this.options.fanout
      .publishControl({ kind: 'link-revoked', reviewId, linkId })
      .catch((err) => this.log.warn('review.link_revocation_not_published', { reviewId, linkId, err }));
    return this.closeLinkConnections(reviewId, linkId, CloseCode.Unauthorized, 'revoked');
  }

  /** Every room loaded now (not discarded). */
  async loaded(): Promise<Room[]> {
    const rooms = await Promise.allSettled([...this.entries.values()].map((e) => e.room));
    return rooms.flatMap((r) => (r.status === 'fulfilled' && !r.value.discarded ? [r.value] : []));
  }

  /**
   * Closes the connections to a review that were opened with the link `linkId` (after revoking it);
   * returns how many. Nothing to do when the review is not loaded: then nobody is connected to it.
   */
  async closeLinkConnections(reviewId: string, linkId: string, code: number, reason: string): Promise<number> {
    const room = await this.peek(reviewId).catch(() => undefined);
    return room ? room.closeLinkPeers(linkId, code, reason) : 0;
  }

  /** Closes every connection with `code` and flushes every room (graceful shutdown). */
  async closeAll(code: number, reason: string): Promise<void> {
    this.unsubscribeControl();
    const rooms = await Promise.allSettled([...this.entries.values()].map((e) => e.room));
    for (const r of rooms) if (r.status === 'fulfilled') r.value.closeAll(code, reason);
    await Promise.allSettled(rooms.map((r) => (r.status === 'fulfilled' ? r.value.flush() : undefined)));
  }
}
