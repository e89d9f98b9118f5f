import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  CloseCode,
  ROOM_PRESENCE_FIELD,
  canWrite,
  readRoomPresence,
  type Role,
  type RoomPresence,
} from '@hindsight/protocol';
import { observeControl, readControl } from '@hindsight/review';
import type { Fanout, FanoutKind } from '../fanout';
import type { Logger } from '../log';
import type { Store } from '../store';
import {
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type AwarenessEntry,
  type IncomingMessage,
} from './messages';
import { changesFrozenCandidates } from './frozen-candidates';
import { rebuildDocument } from './rebuild';
import { checkClientUpdate, findCrossedItem } from './update-check';

/**
 * An applied update placed an item outside its origin and right origin: replicas would order
 * it differently (see findCrossedItem). Seen only after Yjs placed it, so the room resets.
 */
class UnorderedUpdateError extends Error {
  constructor(id: Y.ID) {
    super(`item ${id.client}:${id.clock} is not between its origin and its right origin`);
  }
}

/** What a room needs of a connected client; the room never sees the socket itself. */
export interface Peer {
  readonly connId: string;
  readonly role: Role;
  /** Public id of the link whose token opened this peer, so revoking the link can close it. */
  readonly linkId?: string;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  fanout: Fanout;
  maxAwarenessStateBytes: number;
  /** Presence messages (carrying the peer's own state) a peer may send per 10 s. */
  awarenessPer10s: number;
  /** Compact the log into the snapshot after this many appended updates. */
  compactEvery: number;
  /** Root types only the server writes; a client update touching one is refused (1007). */
  serverOwnedRoots?: ReadonlySet<string>;
  /** Client id of the server's own writes; random unless a test needs a reproducible run. */
  writerId?: number;
  /** Judges each client update before it is stored; `checkClientUpdate` unless a test swaps it. */
  checkUpdate?: typeof checkClientUpdate;
}

/** Transaction origin of changes that arrive from other instances. */
const FANOUT_ORIGIN = Symbol('fanout');
/** Transaction origin of the server's own changes. */
const SERVER_ORIGIN = Symbol('server');

const AWARENESS_WINDOW_MS = 10_000;

/** A client update taking this long from check to relay is logged (`room.slow_update`), with where the time went. */
const SLOW_UPDATE_MS = 100;
/** Most presence names a room remembers for redaction (per-room state that is not the document stays bounded). */
const MAX_PRESENCE_NAMES = 500;

/** Updates from this size on are checked and applied in separate event-loop turns (see acceptUpdate). */
const YIELD_AFTER_CHECK_BYTES = 64 * 1024;

/**
 * Updates a connection may have waiting for their dependencies. A client that reconnects sends its
 * offline edits in its sync step 2, but an edit typed meanwhile can arrive first; it waits here for
 * the step 2. More than this is no race but a client sending what it cannot back up: it is closed.
 */
const MAX_PENDING_UPDATES = 64;
const MAX_PENDING_BYTES = 256 * 1024;

interface PeerState {
  /** The awareness client id this peer speaks for, bound by its first awareness update. */
  awarenessClientId: number | null;
  /** Added to the peer's awareness clocks (see bindAwarenessClient). */
  clockOffset: number;
  awarenessWindowStart: number;
  awarenessInWindow: number;
  /** This peer's updates waiting for content they depend on; never stored or applied before. */
  pending: Uint8Array[];
  pendingBytes: number;
}

/**
 * One review held in memory: its Y.Doc, its awareness and its peers. The room is the only place that
 * decides what a client may change (the write policy), and it stores every accepted update before
 * anyone can see it.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly peers = new Map<Peer, PeerState>();
  /** Serialises writes: check, store and apply happen in arrival order, one at a time. */
  private writes: Promise<void> = Promise.resolve();
  /**
   * Appends handed to the store (`issued`) and those known durable (`durable`), counted in order:
   * the store's group commit resolves appends in the order they were made.
   */
  private issued = 0;
  private durable = 0;
  /** The last append handed to the store, to wait for everything stored so far. */
  private lastAppend: Promise<void> = Promise.resolve();
  /**
   * Frames built from the document while some of it was not yet durable, each with the number of
   * appends it waits for. An update is applied as soon as it is checked (the next one is checked
   * against it) but reaches nobody before its row is committed: relays, sync replies and the
   * fan-out wait here, in order.
   */
  private outbox: Array<{ after: number; send: () => void }> = [];
  /** Sequence number of the last stored update, and how many are stored beyond the snapshot. */
  private lastSeq: number;
  private updatesSinceSnapshot: number;
  /** No more work is taken: set once the room is unloaded (destroy) or reset (resetAfterFailedApply). */
  private destroyed = false;
  /** While a client update is applied: the document's updates, relayed once the apply returned. */
  private heldRelays: Array<{ update: Uint8Array; origin: unknown }> | null = null;
  private compacting = false;
  private readonly unsubscribeFanout: () => void;
  /**
   * The one client id every server write of this room is made under (controls, anonymous findings,
   * tallies): distinct from the room document's own id, which never writes, so applying a server
   * write back to the room document is not mistaken for someone else using its id.
   */
  private readonly writerId: number;
  /** Whether the facilitator has closed the review (followed as the controls change). */
  private closed: boolean;
  private readonly unobserveControl: () => void;
  /** Display names seen in presence since the room was loaded (see presenceNames). */
  private readonly presenceNamesSeen = new Set<string>();

  private constructor(
    readonly reviewId: string,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: RoomOptions,
    doc: Y.Doc,
    lastSeq: number,
    updatesSinceSnapshot: number,
  ) {
    this.doc = doc;
    this.lastSeq = lastSeq;
    this.updatesSinceSnapshot = updatesSinceSnapshot;
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server's own presence is only the room's facts (how many are connected), never a person.
    this.announceConnections();
    let writerId = options.writerId ?? randomBytes(4).readUInt32LE();
    while (writerId === doc.clientID) writerId = randomBytes(4).readUInt32LE();
    this.writerId = writerId;
    this.closed = readControl(doc).status === 'closed';
    this.unobserveControl = observeControl(doc, () => this.followStatus());
    this.doc.on('update', this.relayDocUpdate);
    this.awareness.on('update', this.relayAwarenessUpdate);
    this.awareness.on('update', this.notePresenceNames);
    this.unsubscribeFanout = options.fanout.subscribe(reviewId, this.receiveFanout);
  }

  /**
   * Loads a review from the store, quarantining log rows that throw on apply (the review is then
   * degraded: see rebuildDocument). Throws when it cannot be read.
   */
  static async load(reviewId: string, store: Store, log: Logger, options: RoomOptions): Promise<Room> {
    const { doc, stored, quarantined } = await rebuildDocument(reviewId, store, log);
    const room = new Room(reviewId, store, log, options, doc, stored.lastSeq, stored.updates.length);
    log.info('room.loaded', { updates: stored.updates.length, quarantined });
    if (stored.updates.length >= options.compactEvery) void room.flush();
    return room;
  }

  get peerCount(): number {
    return this.peers.size;
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
    this.peers.set(peer, {
      awarenessClientId: null,
      clockOffset: 0,
      awarenessWindowStart: Date.now(),
      awarenessInWindow: 0,
      pending: [],
      pendingBytes: 0,
    });
    // Ask writers for what they have that we lack; a viewer's answer would be dropped anyway.
    if (this.mayWrite(peer)) peer.send(encodeSyncStep1(this.doc));
    this.announceConnections();
    const present = [...this.awareness.getStates().keys()];
    if (present.length > 0) {
      peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, present)));
    }
  }

  /** Removes a peer and its presence. */
  leave(peer: Peer): void {
    const state = this.peers.get(peer);
    if (!this.peers.delete(peer)) return;
    this.announceConnections();
    const clientId = state?.awarenessClientId;
    if (clientId != null && this.awareness.getStates().has(clientId)) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [clientId], 'leave');
      this.publish('awareness', awarenessProtocol.encodeAwarenessUpdate(this.awareness, [clientId]));
    }
  }

  /** Handles one decoded message from `peer`. Never throws; problems close that peer only. */
  receive(peer: Peer, message: IncomingMessage): void {
    if (!this.peers.has(peer)) return;
    switch (message.kind) {
      case 'sync-step-1': {
        // Built now, from everything applied so far; sent once all of that is durable.
        const reply = encodeSyncStep2(this.doc, message.stateVector);
        this.whenDurable(() => peer.send(reply));
        return;
      }
      case 'sync-step-2':
      case 'update':
        if (!this.mayWrite(peer)) {
          this.log.debug('room.write_refused', { connId: peer.connId, role: peer.role });
          return;
        }
        this.enqueueWrite(peer, message.update);
        return;
      case 'awareness':
        this.receiveAwareness(peer, message.entries);
        return;
      case 'query-awareness': {
        const present = [...this.awareness.getStates().keys()];
        peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, present)));
        return;
      }
    }
  }

  /**
   * The write policy: editors and facilitators change the document; viewers never do, and once the
   * facilitator has closed the review nobody does (until it is reopened). Judged when a message
   * arrives, so whatever arrived before the close still lands.
   */
  private mayWrite(peer: Peer): boolean {
    return canWrite(peer.role) && !this.closed;
  }

  private enqueueWrite(peer: Peer, update: Uint8Array): void {
    this.writes = this.writes
      .then(() => this.applyClientUpdate(peer, update))
      .catch((err) => this.log.error('room.write_failed', { connId: peer.connId, err }));
  }

  /**
   * Takes one update from a peer: accepted ones are stored, applied and relayed; one that depends
   * on content not here yet waits with the peer's other pending updates, which are retried after
   * each update of that peer that is accepted.
   */
  private async applyClientUpdate(peer: Peer, update: Uint8Array): Promise<void> {
    const outcome = await this.acceptUpdate(peer, update);
    const state = this.peers.get(peer);
    if (outcome === 'missing') {
      // A peer that left takes its pending updates with it: its client resends them on reconnect.
      if (!state) return;
      state.pending.push(update);
      state.pendingBytes += update.byteLength;
      if (state.pending.length > MAX_PENDING_UPDATES || state.pendingBytes > MAX_PENDING_BYTES) {
        this.log.warn('room.pending_overflow', { connId: peer.connId, updates: state.pending.length });
        state.pending = [];
        state.pendingBytes = 0;
        peer.close(CloseCode.InvalidPayload, 'updates with missing dependencies');
      }
      return;
    }
    if (outcome !== 'accepted' || !state) return;
    let progress = true;
    while (progress && state.pending.length > 0) {
      progress = false;
      for (const waiting of [...state.pending]) {
        const retried = await this.acceptUpdate(peer, waiting);
        if (retried === 'missing') continue;
        state.pending.splice(state.pending.indexOf(waiting), 1);
        state.pendingBytes -= waiting.byteLength;
        if (retried === 'refused') return;
        progress = true;
      }
    }
  }

  /** Validate, store, then apply: the update becomes visible (broadcast) only once it is durable. */
  private async acceptUpdate(peer: Peer, update: Uint8Array): Promise<'accepted' | 'empty' | 'missing' | 'refused'> {
    // A peer that left after sending still had its update accepted: it is stored like any other.
    if (this.destroyed) return 'refused';
    const started = performance.now();
    const check = (this.options.checkUpdate ?? checkClientUpdate)(this.doc, update, this.options.serverOwnedRoots);
    const checkMs = performance.now() - started;
    if (!check.ok) {
      if (check.missing) {
        this.log.debug('room.update_pending', { connId: peer.connId, reason: check.reason });
        return 'missing';
      }
      this.log.warn('room.update_refused', { connId: peer.connId, reason: check.reason });
      peer.close(CloseCode.InvalidPayload, 'invalid update');
      return 'refused';
    }
    if (check.empty) return 'empty';
    // From here on only the checked update counts: what the client sent minus what the doc had.
    const checked = check.update;
    if (changesFrozenCandidates(this.doc, checked, check.touched)) {
      // Refused like a write into a server-owned root: while the team votes, the candidates are
      // the server's (the vote and its ranking must cover one fixed set) until voting is reset.
      this.log.warn('room.update_refused', { connId: peer.connId, reason: 'root-cause candidates are frozen' });
      peer.close(CloseCode.InvalidPayload, 'candidates are frozen');
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
    const stored = this.append(checked);
    try {
      this.applyThenRelay(checked, peer, () => {
        const crossed = findCrossedItem(this.doc, check.placedBetween);
        if (crossed) throw new UnorderedUpdateError(crossed);
      });
    } catch (err) {
      // Unreachable for a checked update; should it happen, nothing was relayed, and the row just
      // appended must not stay where a load or compaction sees it.
      await this.resetAfterFailedApply(peer, stored, err);
      return 'refused';
    }
    this.updatesSinceSnapshot++;
    if (this.updatesSinceSnapshot >= this.options.compactEvery && !this.compacting) {
      this.compacting = true;
      void this.flush().finally(() => (this.compacting = false));
    }
    this.whenDurable(() => this.publish('update', checked));
    const totalMs = performance.now() - started;
    if (totalMs >= SLOW_UPDATE_MS) {
      this.log.info('room.slow_update', {
        connId: peer.connId,
        bytes: update.byteLength,
        checkMs: Math.round(checkMs),
        totalMs: Math.round(totalMs),
      });
    }
    return 'accepted';
  }

  /**
   * Applies a client update and only then relays what it changed. Yjs emits 'update' from a
   * `finally`, so an update that throws part-way still emits what it integrated before the throw;
   * held here, that part reaches nobody. Throws what Y.applyUpdate throws.
   */
  private applyThenRelay(update: Uint8Array, peer: Peer, verify: () => void = () => undefined): void {
    const held: Array<{ update: Uint8Array; origin: unknown }> = [];
    this.heldRelays = held;
    try {
      Y.applyUpdate(this.doc, update, peer);
      verify();
    } finally {
      this.heldRelays = null;
    }
    for (const relay of held) this.relayDocUpdate(relay.update, relay.origin);
  }

  /**
   * Gives up this room after the stored update `seq` threw inside Y.applyUpdate: its document may
   * hold part of that update, so it no longer equals what the store rebuilds. Every peer is closed
   * first (nobody reads the half-applied document; clients reconnect to a room loaded afresh), then
   * the row is quarantined so that load leaves it out. The room takes no more work and is never
   * flushed or handed out again.
   */
  private async resetAfterFailedApply(peer: Peer, stored: Promise<number>, err: unknown): Promise<void> {
    this.destroyed = true;
    this.outbox = [];
    this.closeAll(CloseCode.InternalError, 'document reset');
    const fields = { reviewId: this.reviewId, seq: 0, connId: peer.connId, err };
    try {
      fields.seq = await stored;
      await this.store.quarantineUpdate(this.reviewId, fields.seq, String(err));
      // An unordered update is an attack the check could only see once applied, not a fault.
      if (err instanceof UnorderedUpdateError) this.log.warn('room.update_quarantined', fields);
      else this.log.error('room.update_quarantined', fields);
    } catch (storeErr) {
      // The row stays in the log for now: the next load quarantines it when it throws there.
      this.log.error('room.quarantine_failed', { ...fields, storeErr });
    }
  }

  private publish(kind: FanoutKind, payload: Uint8Array): void {
    this.options.fanout
      .publish(this.reviewId, kind, payload)
      .catch((err) => this.log.warn('room.fanout_failed', { err }));
  }

  /** Another instance stored this update (or changed presence); apply it here and relay to local peers. */
  private readonly receiveFanout = (kind: FanoutKind, payload: Uint8Array): void => {
    if (this.destroyed) return;
    try {
      if (kind === 'update') Y.applyUpdate(this.doc, payload, FANOUT_ORIGIN);
      else awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, FANOUT_ORIGIN);
    } catch (err) {
      this.log.error('room.fanout_apply_failed', { kind, err });
    }
  };

  /**
   * Changes the document as the server (for writes no client may make). The change runs on a copy
   * under the room's writer id; its update is stored, then applied and relayed like a client's,
   * so server writes are durable before visible too. Rejects (changing nothing) if `change` throws.
   */
  applyServerChange(change: (doc: Y.Doc) => void): Promise<void> {
    const run = this.writes.then(async () => {
      if (this.destroyed) throw new Error('room is unloaded');
      const shadow = new Y.Doc();
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc));
      // Set after loading the state: Yjs replaces a doc's id when a remote update brings structs under it.
      shadow.clientID = this.writerId;
      const updates: Uint8Array[] = [];
      shadow.on('update', (u: Uint8Array) => updates.push(u));
      try {
        change(shadow);
      } finally {
        shadow.destroy();
      }
      if (updates.length === 0) return;
      const update = Y.mergeUpdates(updates);
      const stored = this.append(update);
      this.updatesSinceSnapshot++;
      Y.applyUpdate(this.doc, update, SERVER_ORIGIN);
      this.whenDurable(() => this.publish('update', update));
      // The caller learns of the change once it is durable (and the write queue waits for it too).
      await stored;
    });
    this.writes = run.catch((err) => this.log.warn('room.server_change_failed', { err }));
    return run;
  }

  private readonly relayDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.heldRelays) {
      this.heldRelays.push({ update, origin });
      return;
    }
    const frame = encodeUpdate(update);
    this.whenDurable(() => {
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
    });
  };

  /**
   * Hands an update to the store's group commit. Once durable it counts for compaction (lastSeq)
   * and releases the frames waiting for it. If it cannot be stored, the document already holds an
   * update the store lacks: the room resets, and everyone reconnects to what the store has.
   */
  private append(update: Uint8Array): Promise<number> {
    const ticket = ++this.issued;
    const stored = this.store.appendUpdate(this.reviewId, update);
    this.lastAppend = stored.then(
      (seq) => {
        this.lastSeq = seq;
        this.durable = ticket;
        this.releaseOutbox();
      },
      (err) => this.resetAfterFailedStore(err),
    );
    return stored;
  }

  /** Runs `send` once everything applied so far is durable: at once if it already is. */
  private whenDurable(send: () => void): void {
    if (this.durable === this.issued && this.outbox.length === 0) send();
    else this.outbox.push({ after: this.issued, send });
  }

  private releaseOutbox(): void {
    let released = 0;
    while (released < this.outbox.length && this.outbox[released]!.after <= this.durable) {
      this.outbox[released]!.send();
      released++;
    }
    if (released > 0) this.outbox.splice(0, released);
  }

  private resetAfterFailedStore(err: unknown): void {
    if (this.destroyed) return;
    this.log.error('room.store_failed', { reviewId: this.reviewId, err });
    this.destroyed = true;
    this.outbox = [];
    this.closeAll(CloseCode.InternalError, 'could not store update');
  }

  /**
   * On reopening, asks every writer for what the server lacks (sync step 1): edits a client made
   * while the review was closed were dropped, and its later edits depend on them, so without this
   * they would wait for dependencies that the client believes it has already sent.
   */
  private followStatus(): void {
    const closed = readControl(this.doc).status === 'closed';
    if (this.closed && !closed) {
      const step1 = encodeSyncStep1(this.doc);
      for (const peer of this.peers.keys()) if (canWrite(peer.role)) peer.send(step1);
    }
    this.closed = closed;
  }

  private receiveAwareness(peer: Peer, entries: AwarenessEntry[]): void {
    const state = this.peers.get(peer);
    if (!state) return;
    // Presence is a write path too: read-only connections do not broadcast it.
    if (!this.mayWrite(peer)) return;
    // y-websocket clients echo the states of others back; only the sender's own entry counts,
    // and only that is charged against the sender's rate cap.
    if (state.awarenessClientId === null) this.bindAwarenessClient(state, entries);
    const own = entries.filter((entry) => entry.clientId === state.awarenessClientId);
    if (own.length === 0) return;
    if (!this.countAwareness(state)) {
      peer.close(CloseCode.PolicyViolation, 'too many awareness updates');
      return;
    }
    if (own.some((e) => e.stateBytes > this.options.maxAwarenessStateBytes)) {
      peer.close(CloseCode.MessageTooBig, 'awareness state too large');
      return;
    }
    const update = encodeAwarenessEntries(
      own.map((e) => ({ ...e, state: withoutRoomFacts(e.state), clock: e.clock + state.clockOffset })),
    );
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
    this.publish('awareness', update);
  }

  /**
   * Binds a peer to the first client id it speaks for that nobody else holds: not claimed by another
   * peer here and without a live state (which would belong to a client on another instance).
   * A client that reconnects restarts below the clock its removal left behind, so its clocks are
   * shifted past it; otherwise every peer would ignore its presence until it caught up.
   */
  private bindAwarenessClient(state: PeerState, entries: AwarenessEntry[]): void {
    const live = this.awareness.getStates();
    const entry = entries.find((e) => !live.has(e.clientId) && !this.isClaimed(e.clientId));
    if (!entry) return;
    state.awarenessClientId = entry.clientId;
    const known = this.awareness.meta.get(entry.clientId)?.clock;
    state.clockOffset = known !== undefined && entry.clock <= known ? known + 1 - entry.clock : 0;
  }

  /**
   * Tells everyone how many connections the review has, viewers included: they show no presence
   * of their own, and presence is dropped while the review is closed, so counting states would
   * give readers, editors and the facilitator different numbers.
   */
  private announceConnections(): void {
    if (this.destroyed) return;
    const room: RoomPresence = { connections: this.peers.size };
    if (readRoomPresence(this.awareness.getLocalState())?.connections === room.connections) return;
    this.awareness.setLocalState({ [ROOM_PRESENCE_FIELD]: room });
  }

  /** Counts one presence message against the per-connection cap; false once it is exceeded. */
  private countAwareness(state: PeerState): boolean {
    const now = Date.now();
    if (now - state.awarenessWindowStart >= AWARENESS_WINDOW_MS) {
      state.awarenessWindowStart = now;
      state.awarenessInWindow = 0;
    }
    state.awarenessInWindow++;
    return state.awarenessInWindow <= this.options.awarenessPer10s;
  }

  private isClaimed(clientId: number): boolean {
    for (const s of this.peers.values()) if (s.awarenessClientId === clientId) return true;
    return false;
  }

  /** Relays only what changed something (a new state or a newer clock), never echoes to the sender. */
  private readonly relayAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
  };

  /**
   * Every display name (`user.name` of an awareness state, from this instance's peers or another's)
   * seen since the room was loaded, for redacting exports: the names of people who were on the board
   * but never wrote a name into the review. Kept in memory only, gone when the room unloads; at most
   * MAX_PRESENCE_NAMES, each trimmed to 200 characters.
   */
  get presenceNames(): string[] {
    return [...this.presenceNamesSeen];
  }

  private readonly notePresenceNames = ({ added, updated }: { added: number[]; updated: number[] }): void => {
    for (const clientId of [...added, ...updated]) {
      if (this.presenceNamesSeen.size >= MAX_PRESENCE_NAMES) return;
      const user = (this.awareness.getStates().get(clientId) as { user?: { name?: unknown } } | undefined)?.user;
      const name = typeof user?.name === 'string' ? user.name.trim().slice(0, 200) : '';
      if (name !== '') this.presenceNamesSeen.add(name);
    }
  };

  /** Resolves once every update received so far has been handled (stored and applied, held or refused). */
  whenIdle(): Promise<void> {
    return this.writes.then(() => this.lastAppend);
  }

  /**
   * Compacts the update log into one snapshot of the current state. Runs in the write queue, so the
   * snapshot covers exactly the updates stored so far; the store swaps them atomically.
   */
  flush(): Promise<void> {
    const run = this.writes.then(async () => {
      // A reset room's document may hold part of a failed update: only a fresh load is snapshotted.
      if (this.destroyed || this.updatesSinceSnapshot === 0) return;
      // The snapshot is of the document, which may be ahead of the store: wait until it is not.
      await this.lastAppend;
      if (this.destroyed) return;
      const uptoSeq = this.lastSeq;
      try {
        await this.store.compact(this.reviewId, Y.encodeStateAsUpdate(this.doc), uptoSeq);
        this.updatesSinceSnapshot = 0;
        this.log.info('room.compacted', { uptoSeq });
      } catch (err) {
        // The log still holds every update; compaction is only retried later.
        this.log.error('room.compact_failed', { err });
      }
    });
    this.writes = run;
    return run;
  }

  /** Closes every peer opened with the link `linkId` (revoked); returns how many. */
  closeLinkPeers(linkId: string, code: number, reason: string): number {
    const opened = [...this.peers.keys()].filter((peer) => peer.linkId === linkId);
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
    this.unobserveControl();
    this.doc.off('update', this.relayDocUpdate);
    this.awareness.off('update', this.relayAwarenessUpdate);
    this.awareness.off('update', this.notePresenceNames);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** A client's presence state without the server's field: nobody but the server speaks for the room. */
function withoutRoomFacts(state: unknown): unknown {
  if (typeof state !== 'object' || state === null || !(ROOM_PRESENCE_FIELD in state)) return state;
  const { [ROOM_PRESENCE_FIELD]: _forged, ...rest } = state as Record<string, unknown>;
  return rest;
}
