import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { CloseCode, CloseReason, DEFAULT_LIMITS, canWrite } from '@hindsight/protocol';
import type { Fanout, FanoutMessage } from '../fanout';
import type { Logger } from '../log';
import type { CatchUpReason, ServerMetrics } from '../metrics/metrics';
import { StoreUnavailableError, type Store, type StoredDocument } from '../store';
import { DocRelay } from './doc-relay';
import { FullState } from './full-state';
import { encodeSyncStep1, encodeSyncStep2, type IncomingMessage } from './messages';
import { judgeClientUpdate, type JudgeOptions } from './judge-update';
import type { Peer } from './peer';
import { PendingUpdates, type UpdateOutcome } from './pending-updates';
import { rebuildDocument } from './rebuild';
import { RoomLog } from './room-log';
import { Presence, type PresenceLimits } from './room-presence';
import { ServerWriter } from './server-writer';
import { TaskQueue } from './task-queue';
import { UpdateOrder } from './update-order';
import { outsideFollowUpFields } from './follow-up-scope';
import { WritePolicy, type WriteScope } from './write-policy';
import { findCrossedItem, UnorderedUpdateError } from './update-check';

export type { Peer } from './peer';

export interface RoomOptions extends PresenceLimits, JudgeOptions {
  fanout: Fanout;
  /** Compact the log into the snapshot after this many appended updates. */
  compactEvery: number;
  /** Largest stored document (snapshot and log); a client update past it is refused (4413). */
  maxDocumentBytes?: number;
  /** Client id of the server's own writes; random unless a test needs a reproducible run. */
  writerId?: number;
  /** Where the room counts what it stores, relays, refuses and reads again; none in most unit tests. */
  metrics?: ServerMetrics;
  /**
   * Told after each update this instance stored for a review (a client's or the server's), once
   * durable: the space index refreshes and the webhooks diff the review once it settles. Other
   * instances' updates are told there.
   */
  onStored?: (reviewId: string) => void;
  /** Told when a review's room has loaded (by Rooms): the space index checks it is current. */
  onLoaded?: (room: Room) => void;
}

/** Transaction origin of changes that arrive from other instances. */
const FANOUT_ORIGIN = Symbol('fanout');
/** Transaction origin of the server's own changes. */
const SERVER_ORIGIN = Symbol('server');

/** A client update taking this long from check to relay is logged (`room.slow_update`), with where the time went. */
const SLOW_UPDATE_MS = 100;
/**
 * How long a gap in another instance's updates may last before it is read from the database: a
 * message published by one instance can overtake another's with a lower seq, so a gap is usually
 * closed by the next message within milliseconds.
 */
const GAP_WAIT_MS = 100;
/** Updates from this size on are checked and applied in separate event-loop turns (see acceptUpdate). */
const YIELD_AFTER_CHECK_BYTES = 64 * 1024;

/**
 * One review held in memory: its Y.Doc, its presence and its peers. The room is the only place that
 * decides what a client may change (its write policy), and it stores every accepted update before
 * anyone can see it. It coordinates; each concern is a module beside it: the write policy
 * (write-policy.ts), judging a client update (judge-update.ts), the update log and what waits for
 * it to be durable (room-log.ts), relaying (doc-relay.ts), presence (room-presence.ts), the
 * server's own writes (server-writer.ts) and the review's task queue (task-queue.ts).
 */
export class Room {
  readonly doc: Y.Doc;
  /** The review's multi-step rules (votes, controls, anonymous findings) run here one at a time (see task-queue.ts). */
  readonly tasks: TaskQueue;
  private readonly presence: Presence;
  private readonly updateLog: RoomLog;
  /** Each peer, with its updates that wait for content not here yet. */
  private readonly peers = new Map<Peer, PendingUpdates>();
  /** Serialises writes: check, store and apply happen in arrival order, one at a time. */
  private readonly writes = new TaskQueue();
  /** No more work is taken: set once the room is unloaded (destroy) or reset (resetAfterFailedApply). */
  private destroyed = false;
  private readonly relay: DocRelay;
  private readonly fullState: FullState;
  private compacting = false;
  private readonly unsubscribeFanout: () => void;
  private readonly unsubscribeReconnect: () => void;
  /** Which of the review's updates (by seq) the document holds; see update-order.ts. */
  private readonly order: UpdateOrder;
  /** A read of missing updates from the database (catchUp) is running / is asked for again. */
  private catchUpRunning: Promise<void> | undefined;
  private catchUpAgain: CatchUpReason | false = false;
  /** Pending gap fill (scheduleGapFill). */
  private gapTimer: NodeJS.Timeout | undefined;
  private readonly writer: ServerWriter;
  private readonly policy: WritePolicy;
  /** Set once a client update was refused for the size cap; cleared when a compaction makes room. */
  private refusedForSize = false;

  private constructor(
    readonly reviewId: string,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: RoomOptions,
    doc: Y.Doc,
    stored: StoredDocument,
    tasks: TaskQueue,
  ) {
    this.doc = doc;
    this.fullState = new FullState(doc, stored.updates.length === 0 ? stored.snapshot : null);
    this.updateLog = new RoomLog(
      reviewId,
      store,
      log,
      stored,
      (err) => this.resetAfterFailedStore(err),
      options.metrics,
    );
    this.tasks = tasks;
    this.presence = new Presence(doc, options, {
      publish: (update) => this.publish({ kind: 'awareness', payload: update }),
      isLive: () => !this.destroyed,
    });
    this.writer = new ServerWriter(doc, options.writerId);
    this.policy = new WritePolicy(doc, () => this.askWritersAgain());
    this.relay = new DocRelay(
      doc,
      () => this.peers.keys(),
      (send) => this.updateLog.whenDurable(send),
      options.metrics?.updatesRelayed,
    );
    this.order = new UpdateOrder(stored.lastSeq, store.seqsPerReview);
    const subscription = options.fanout.subscribe(reviewId, this.receiveFanout);
    this.unsubscribeFanout = subscription.unsubscribe;
    // After a loss nothing says which messages are missing: read everything since `applied`, and
    // ask the others for their clients' presence again.
    this.unsubscribeReconnect = options.fanout.onReconnect(() => {
      void this.catchUp('reconnect');
      this.askPresence();
    });
    // What other instances stored between the load's read and the subscription has no message here.
    if (store.seqsPerReview) void subscription.live.then(() => this.catchUp('load'));
    // Nor has the presence of clients that joined another instance before this room was loaded.
    void subscription.live.then(() => this.askPresence());
  }

  /**
   * Loads a review from the store, quarantining log rows that throw on apply (the review is then
   * degraded: see rebuildDocument). Throws when it cannot be read. `tasks`: the queue of the room
   * this one replaces after a reset, so that its pending tasks stay in order with new ones.
   */
  static async load(
    reviewId: string,
    store: Store,
    log: Logger,
    options: RoomOptions,
    tasks = new TaskQueue(),
  ): Promise<Room> {
    const { doc, stored, quarantined } = await rebuildDocument(reviewId, store, log);
    const room = new Room(reviewId, store, log, options, doc, stored, tasks);
    log.info('room.loaded', { updates: stored.updates.length, quarantined });
    if (stored.updates.length >= options.compactEvery) void room.flush();
    return room;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** The presence (Yjs awareness) the room relays. */
  get awareness(): Awareness {
    return this.presence.awareness;
  }

  /** Every display name seen in presence since the room was loaded (for redacting exports; see Presence.names). */
  get presenceNames(): string[] {
    return this.presence.names;
  }

  /** Bytes stored for the document, and the cap; `full` once a client update was refused for it. */
  get size(): { documentBytes: number; maxDocumentBytes: number; full: boolean } {
    return {
      documentBytes: this.updateLog.storedBytes,
      maxDocumentBytes: this.maxDocumentBytes,
      full: this.refusedForSize,
    };
  }

  private get maxDocumentBytes(): number {
    return this.options.maxDocumentBytes ?? DEFAULT_LIMITS.maxDocumentBytes;
  }

  /** Whether the room takes no more work (unloaded, or reset after a failed update): never reuse it. */
  get discarded(): boolean {
    return this.destroyed;
  }

  /** Adds a peer and starts the sync handshake. */
  join(peer: Peer): void {
    if (this.destroyed) {
      // Reset after the registry handed it out: the peer reconnects to a fresh room. Closed a tick
      // later, as a peer may join from its constructor, before its owner can follow its close.
      queueMicrotask(() => peer.close(CloseCode.InternalError, 'document reset'));
      return;
    }
    this.peers.set(peer, new PendingUpdates());
    // Ask writers for what they have that we lack; a viewer's answer would be dropped anyway.
    if (this.policy.scope(peer) !== 'none') peer.send(encodeSyncStep1(this.doc));
    this.presence.join(peer);
  }

  /** Removes a peer and its presence. */
  leave(peer: Peer): void {
    if (this.peers.delete(peer)) this.presence.leave(peer);
  }

  /** Handles one decoded message from `peer`. Never throws; problems close that peer only. */
  receive(peer: Peer, message: IncomingMessage): void {
    if (!this.peers.has(peer)) return;
    switch (message.kind) {
      case 'sync-step-1': {
        // Built now, from everything applied so far; sent once all of that is durable.
        const reply = encodeSyncStep2(this.fullState.since(message.stateVector));
        this.updateLog.whenDurable(() => peer.send(reply, { syncReply: true }));
        return;
      }
      case 'sync-step-2':
      case 'update': {
        const scope = this.policy.scope(peer);
        if (scope === 'none') {
          this.log.debug('room.write_refused', { connId: peer.connId, role: peer.role });
          this.options.metrics?.refusals.read_only.inc();
          return;
        }
        this.enqueueWrite(peer, message.update, scope);
        return;
      }
      case 'awareness':
        // Presence is a write path too: read-only connections do not broadcast it.
        if (this.policy.scope(peer) !== 'none') this.presence.receive(peer, message.entries);
        return;
      case 'query-awareness':
        this.presence.sendStates(peer);
        return;
    }
  }

  private enqueueWrite(peer: Peer, update: Uint8Array, scope: Exclude<WriteScope, 'none'>): void {
    this.writes
      .run(() => this.applyClientUpdate(peer, update, scope))
      .catch((err) => this.log.error('room.write_failed', { connId: peer.connId, err }));
  }

  /**
   * Takes one update from a peer: accepted ones are stored, applied and relayed; one that depends
   * on content not here yet waits with the peer's other pending updates, which are retried after
   * each update of that peer that is accepted.
   */
  private async applyClientUpdate(peer: Peer, update: Uint8Array, scope: Exclude<WriteScope, 'none'>): Promise<void> {
    const outcome = await this.acceptUpdate(peer, update, scope);
    // A peer that left takes its pending updates with it: its client resends them on reconnect.
    const pending = this.peers.get(peer);
    if (!pending) return;
    if (outcome === 'accepted') await pending.retry((waiting) => this.acceptUpdate(peer, waiting, scope));
    if (outcome !== 'missing' || pending.hold(update)) return;
    this.log.warn('room.pending_overflow', { connId: peer.connId, updates: pending.count });
    this.options.metrics?.refusals.pending_overflow.inc();
    pending.clear();
    peer.close(CloseCode.InvalidPayload, 'updates with missing dependencies');
  }

  /** Validate, store, then apply: the update becomes visible (broadcast) only once it is durable. */
  private async acceptUpdate(
    peer: Peer,
    update: Uint8Array,
    scope: Exclude<WriteScope, 'none'>,
  ): Promise<UpdateOutcome> {
    // A peer that left after sending still had its update accepted: it is stored like any other.
    if (this.destroyed) return 'refused';
    const started = performance.now();
    const judged = judgeClientUpdate(this.doc, update, this.options);
    if (judged.verdict === 'wait') {
      this.log.debug('room.update_pending', { connId: peer.connId, reason: judged.reason });
      return 'missing';
    }
    if (judged.verdict === 'refuse') {
      this.log.warn('room.update_refused', { connId: peer.connId, reason: judged.reason });
      this.options.metrics?.refusals[judged.counted].inc();
      peer.close(CloseCode.InvalidPayload, judged.closeReason);
      return 'refused';
    }
    if (judged.verdict === 'empty') return 'empty';
    // From here on only the checked update counts: what the client sent minus what the doc had.
    const checked = judged.update;
    const outside = scope === 'follow-up' ? outsideFollowUpFields(this.doc, checked) : null;
    if (outside !== null) {
      // Dropped, not an error, as a viewer's write is: the socket stays open and read-only but for
      // the follow-through fields (a closed board's stock client may still send an edit it made).
      this.log.debug('room.write_refused', { connId: peer.connId, role: peer.role, reason: outside });
      return 'refused';
    }
    if (this.updateLog.storedBytes + checked.byteLength > this.maxDocumentBytes && insertsAnything(checked)) {
      // Server writes (votes, controls, releases) stay allowed: the cap is on what clients add. So do
      // deletions, the only way to make room again (the next compaction drops what they delete).
      this.refusedForSize = true;
      this.log.warn('room.document_full', {
        connId: peer.connId,
        bytes: checked.byteLength,
        stored: this.updateLog.storedBytes,
      });
      this.options.metrics?.refusals.document_full.inc();
      peer.close(CloseCode.DocumentFull, 'document full');
      return 'refused';
    }
    if (checked.byteLength >= YIELD_AFTER_CHECK_BYTES) {
      // Checking and applying a large update each take a while: let timers and other rooms'
      // messages run between the two, so no review waits for both (this room's writes stay in
      // order). Two immediates: the first runs in this loop turn, the second after its I/O poll.
      await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
      if (this.destroyed) return 'refused';
    }
    // Stored and applied at once; what it changed reaches others only once the row is durable.
    const stored = this.updateLog.append(checked);
    try {
      this.relay.applyThenRelay(checked, peer, () => {
        const crossed = findCrossedItem(this.doc, judged.placedBetween);
        if (crossed) throw new UnorderedUpdateError(crossed);
      });
    } catch (err) {
      // Unreachable for a checked update; should it happen, nothing was relayed, and the row just
      // appended must not stay where a load or compaction sees it.
      await this.resetAfterFailedApply(peer, stored, err);
      return 'refused';
    }
    this.updateLog.countApplied();
    if (this.updateLog.updatesSinceSnapshot >= this.options.compactEvery && !this.compacting) {
      this.compacting = true;
      void this.flush().finally(() => (this.compacting = false));
    }
    this.publishWhenStored(stored, checked);
    const totalMs = performance.now() - started;
    if (totalMs >= SLOW_UPDATE_MS) {
      this.log.info('room.slow_update', {
        connId: peer.connId,
        bytes: update.byteLength,
        checkMs: Math.round(judged.checkMs),
        totalMs: Math.round(totalMs),
      });
    }
    return 'accepted';
  }

  /**
   * Gives up this room after the update just stored threw inside Y.applyUpdate: its document may
   * hold part of that update, so it no longer equals what the store rebuilds. Every peer is closed
   * first (nobody reads the half-applied document; clients reconnect to a room loaded afresh), then
   * the row is quarantined so that load leaves it out. The room takes no more work and is never
   * flushed or handed out again.
   */
  private async resetAfterFailedApply(peer: Peer, stored: Promise<number>, err: unknown): Promise<void> {
    this.reset('document reset');
    // An unordered update is an attack the check could only see once applied, not a fault.
    const level = err instanceof UnorderedUpdateError ? 'warn' : 'error';
    await this.updateLog.quarantine(stored, err, level, { connId: peer.connId });
  }

  /**
   * Gives up this room after an append failed: the document already holds an update the store
   * lacks (never relayed: what waited for it is dropped), so everyone reconnects to what the store
   * has, and the writer's client, which keeps its edit, sends it again then. A database that cannot
   * be reached says so in the close reason, for the board to tell its people their edits are kept.
   */
  private resetAfterFailedStore(err: unknown): void {
    if (this.destroyed) return;
    const unavailable = err instanceof StoreUnavailableError;
    this.log.error('room.store_failed', { reviewId: this.reviewId, unavailable, err });
    this.reset(unavailable ? CloseReason.DatabaseUnavailable : 'could not store update');
  }

  /** Takes no more work, drops what waits to be sent, and closes every peer (1011). */
  private reset(reason: string): void {
    this.destroyed = true;
    this.updateLog.dropWaiting();
    this.closeAll(CloseCode.InternalError, reason);
  }

  private publish(message: FanoutMessage): void {
    this.options.fanout.publish(this.reviewId, message).catch((err) => this.log.warn('room.fanout_failed', { err }));
  }

  /**
   * Tells other instances of an update (already in the document) once it is durable, with the seq
   * its append got. Appends resolve in order, so updates are published in seq order too.
   */
  private publishWhenStored(stored: Promise<number>, update: Uint8Array): void {
    stored.then(
      (seq) => {
        for (const ready of this.order.appended(seq)) {
          this.applyRemote('update', () => this.relay.applyThenRelay(ready, FANOUT_ORIGIN));
        }
        this.options.metrics?.updatesStored.inc();
        if (this.order.hasGap) this.scheduleGapFill();
        this.publish({ kind: 'update', seq, payload: update });
        this.options.onStored?.(this.reviewId);
      },
      () => undefined, // the room resets (RoomLog's onStoreFailed)
    );
  }

  /**
   * Another instance stored this update (or changed presence): applied here, in seq order, and
   * relayed to local peers. An update beyond the next expected seq waits for those before it.
   */
  private readonly receiveFanout = (message: FanoutMessage): void => {
    if (this.destroyed) return;
    if (message.kind === 'awareness') {
      this.applyRemote('awareness', () => this.presence.applyRemote(message.payload, FANOUT_ORIGIN));
      return;
    }
    if (message.kind === 'presence-query') {
      this.presence.announcePeers();
      return;
    }
    this.log.debug('room.fanout_received', { seq: message.seq, applied: this.order.applied });
    for (const update of this.order.received(message.seq, message.payload)) {
      this.applyRemote('update', () => this.relay.applyThenRelay(update, FANOUT_ORIGIN));
    }
    if (this.order.hasGap) this.scheduleGapFill();
  };

  /** Asks the review's other instances for the presence of their clients (answered by announcePeers). */
  private askPresence(): void {
    if (!this.destroyed) this.publish({ kind: 'presence-query' });
  }

  private applyRemote(kind: string, apply: () => void): void {
    try {
      apply();
    } catch (err) {
      this.log.error('room.fanout_apply_failed', { kind, err });
    }
  }

  /** Reads the gap from the database unless the messages it lacks arrive within GAP_WAIT_MS. */
  private scheduleGapFill(): void {
    if (this.destroyed || this.gapTimer !== undefined) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (this.order.hasGap) void this.catchUp('gap');
    }, GAP_WAIT_MS);
  }

  /**
   * Applies everything the database holds after the room's gap-free seq (the snapshot too, when
   * those rows were compacted away), in order, then whatever received updates now follow. One read
   * at a time; a request during a read runs another after it, as that read may have started too early.
   */
  private catchUp(reason: CatchUpReason): Promise<void> {
    // Resolves after a read that began after this request (the running one loops once more).
    if (this.catchUpRunning) {
      this.catchUpAgain = reason;
      return this.catchUpRunning;
    }
    // `finally` runs as a later microtask, so it always clears what was set here; a request that
    // came after the loop's last look gets its read there (and the promise waits for it).
    this.catchUpRunning = this.readUntilCaughtUp(reason).finally(() => {
      this.catchUpRunning = undefined;
      const again = this.catchUpAgain;
      this.catchUpAgain = false;
      if (again && !this.destroyed) return this.catchUp(again);
      if (this.order.hasGap) this.scheduleGapFill();
    });
    return this.catchUpRunning;
  }

  private async readUntilCaughtUp(reason: CatchUpReason): Promise<void> {
    for (let next: CatchUpReason | false = reason; next && !this.destroyed; next = this.catchUpAgain) {
      this.catchUpAgain = false;
      await this.readMissing(next);
    }
  }

  /**
   * Safety net for a lost message with nothing after it (no later seq shows the gap): reads what the
   * database has beyond the room's gap-free seq, if anything (Rooms calls it now and then). Resolves
   * once the document has everything stored before the call (a server write that must see it waits).
   */
  recheck(): Promise<void> {
    return this.store.seqsPerReview && !this.destroyed ? this.catchUp('recheck') : Promise.resolve();
  }

  private async readMissing(reason: CatchUpReason): Promise<void> {
    const from = this.order.applied;
    let missing;
    try {
      missing = await this.store.updatesAfter(this.reviewId, from);
    } catch (err) {
      this.log.warn('room.catch_up_failed', { from, err });
      return;
    }
    if (this.destroyed) return;
    if (missing.snapshot) {
      // Only what the document lacks of the snapshot is applied and relayed, not the whole of it.
      const lacking = Y.diffUpdate(missing.snapshot, Y.encodeStateVector(this.doc));
      this.applyRemote('snapshot', () => this.relay.applyThenRelay(lacking, FANOUT_ORIGIN));
    }
    for (const row of missing.updates) {
      // The room's own appends are in the document already: not relayed to its peers a second time.
      if (!this.order.holds(row.seq))
        this.applyRemote('update', () => this.relay.applyThenRelay(row.data, FANOUT_ORIGIN));
    }
    for (const update of this.order.filledUpTo(missing.lastSeq)) {
      this.applyRemote('update', () => this.relay.applyThenRelay(update, FANOUT_ORIGIN));
    }
    const filled = { reason, from, to: missing.lastSeq, rows: missing.updates.length, snapshot: !!missing.snapshot };
    if (missing.updates.length > 0 || missing.snapshot) {
      this.log.info('room.gap_filled', filled);
      this.options.metrics?.gapsFilled[reason].inc();
    } else this.log.debug('room.caught_up', filled);
  }

  /**
   * Changes the document as the server (for writes no client may make). The change runs on a copy
   * under the room's writer id; its update is stored, then applied and relayed like a client's,
   * so server writes are durable before visible too. Rejects (changing nothing) if `change` throws.
   */
  applyServerChange(change: (doc: Y.Doc) => void): Promise<void> {
    const run = this.writes.run(async () => {
      if (this.destroyed) throw new Error('room is unloaded');
      const update = this.writer.updateFor(this.doc, change);
      if (!update) return;
      const stored = this.updateLog.append(update);
      this.updateLog.countApplied();
      this.relay.applyThenRelay(update, SERVER_ORIGIN);
      this.publishWhenStored(stored, update);
      // The caller learns of the change once it is durable (and the write queue waits for it too).
      await stored;
    });
    run.catch((err) => this.log.warn('room.server_change_failed', { err }));
    return run;
  }

  /**
   * On reopening, asks every writer for what the server lacks (sync step 1): edits a client made
   * while the review was closed were dropped, and its later edits depend on them, so without this
   * they would wait for dependencies that the client believes it has already sent.
   */
  private askWritersAgain(): void {
    const step1 = encodeSyncStep1(this.doc);
    for (const peer of this.peers.keys()) if (canWrite(peer.role)) peer.send(step1);
  }

  /** Resolves once every update received so far has been handled (stored and applied, held or refused). */
  whenIdle(): Promise<void> {
    return this.writes.settled().then(() => this.updateLog.settled());
  }

  /**
   * Compacts the update log into one snapshot of the current state. Runs in the write queue, so the
   * snapshot covers exactly the updates stored so far; the store swaps them atomically.
   */
  flush(): Promise<void> {
    return this.writes.run(async () => {
      // A reset room's document may hold part of a failed update: only a fresh load is snapshotted.
      if (this.destroyed || this.updateLog.updatesSinceSnapshot === 0) return;
      // The snapshot is of the document, which may be ahead of the store: wait until it is not.
      await this.updateLog.settled();
      if (this.destroyed) return;
      await this.updateLog.compact(this.doc, this.order.applied);
      if (this.updateLog.storedBytes < this.maxDocumentBytes) this.refusedForSize = false;
    });
  }

  /** The links the room's peers were opened with. */
  get peerLinkIds(): Set<string> {
    return new Set([...this.peers.keys()].flatMap((peer) => (peer.linkId ? [peer.linkId] : [])));
  }

  /**
   * Closes every peer opened with the link `linkId` (revoked), or with a link under it (a space's
   * link ids are `space:<spaceId>:<link>`: closing `space:<spaceId>` closes them all); returns how many.
   */
  closeLinkPeers(linkId: string, code: number, reason: string): number {
    const opened = [...this.peers.keys()].filter(
      (peer) => peer.linkId === linkId || peer.linkId?.startsWith(`${linkId}:`),
    );
    for (const peer of opened) peer.close(code, reason);
    return opened.length;
  }

  /** Closes every peer with `code` (e.g. on shutdown). */
  closeAll(code: number, reason: string): void {
    for (const peer of [...this.peers.keys()]) peer.close(code, reason);
  }

  /** Releases the document and timers; the room must be flushed and empty. */
  destroy(): void {
    this.destroyed = true;
    this.unsubscribeFanout();
    this.unsubscribeReconnect();
    clearTimeout(this.gapTimer);
    this.policy.destroy();
    this.presence.destroy();
    this.fullState.destroy();
    this.doc.destroy();
  }
}

/** Whether an update carries new structs (not only deletions of existing ones). */
function insertsAnything(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.length > 0;
}
