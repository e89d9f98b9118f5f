import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  CloseCode,
  ROOM_PRESENCE_FIELD,
  isAnonymousPresenceState,
  isRoomPresenceState,
  readRoomPresence,
  type RoomPresence,
} from '@hindsight/protocol';
import { observeControl, readControl } from '@hindsight/review';
import { decodeAwarenessUpdate, encodeAwareness, encodeAwarenessEntries, type AwarenessEntry } from './messages';
import type { Peer } from './peer';

/** What one connection may say in presence. */
export interface PresenceLimits {
  /** Largest awareness state a peer may publish, in bytes. */
  maxAwarenessStateBytes: number;
  /** Presence messages (carrying the peer's own state) a peer may send per 10 s. */
  awarenessPer10s: number;
}

/** How presence reaches beyond this room. */
export interface PresenceHooks {
  /** Sends a change of this instance's presence to the review's other instances. */
  publish: (update: Uint8Array) => void;
  /** False once the room takes no more work: it then no longer announces its connection count. */
  isLive: () => boolean;
}

const AWARENESS_WINDOW_MS = 10_000;

/** Most presence names a room remembers for redaction (per-room state that is not the document stays bounded). */
const MAX_PRESENCE_NAMES = 500;

interface PeerPresence {
  /** The awareness client id this peer speaks for, bound by its first awareness update. */
  awarenessClientId: number | null;
  /** Added to the peer's awareness clocks (see bindAwarenessClient). */
  clockOffset: number;
  awarenessWindowStart: number;
  awarenessInWindow: number;
}

/**
 * A room's presence (Yjs awareness): who is here and what they are editing, relayed between its
 * peers and instances. A peer speaks only for the awareness client id it first used, within a size
 * and rate cap; the server's own state says only how many connections this instance has to the
 * review (clients add up those of every instance serving it, see countRoomConnections). The room
 * decides who may speak at all (its write policy) before handing a message here. While the review's
 * findings are anonymous, presence is pseudonymous only: a state with anything the web client does
 * not send then (a name, an e-mail, another field) is dropped, and states that were shown when the
 * policy turned anonymous and do not qualify are withdrawn. Presence from the review's other
 * instances meets the same rules (applyRemote); an instance that loads the review asks the others
 * for their peers' states (announcePeers), and a dead instance's clients expire here by the
 * awareness timeout (30 s without a renewal), whose removal is relayed like any change.
 */
export class Presence {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly peers = new Map<Peer, PeerPresence>();
  /** Display names seen in presence since the room was loaded (see names). */
  private readonly namesSeen = new Set<string>();
  /** Whether the review's findings are anonymous (followed as the controls change). */
  private anonymous: boolean;
  private readonly unobserveControl: () => void;

  constructor(
    doc: Y.Doc,
    private readonly limits: PresenceLimits,
    private readonly hooks: PresenceHooks,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server's own presence is only the room's facts (how many are connected), never a person.
    this.announceConnections();
    this.awareness.on('update', this.relayAwarenessUpdate);
    this.awareness.on('update', this.publishRoomState);
    this.awareness.on('update', this.notePresenceNames);
    this.anonymous = readControl(doc).anonymity === 'anonymous';
    this.unobserveControl = observeControl(doc, () => this.followAnonymity(doc));
  }

  /** Counts a new peer and sends it everyone's presence. */
  join(peer: Peer): void {
    this.peers.set(peer, {
      awarenessClientId: null,
      clockOffset: 0,
      awarenessWindowStart: Date.now(),
      awarenessInWindow: 0,
    });
    this.announceConnections();
    if (this.awareness.getStates().size > 0) this.sendStates(peer);
  }

  /** Removes a peer and the presence it spoke for. */
  leave(peer: Peer): void {
    const state = this.peers.get(peer);
    if (!this.peers.delete(peer)) return;
    this.announceConnections();
    const clientId = state?.awarenessClientId;
    if (clientId != null && this.awareness.getStates().has(clientId)) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [clientId], 'leave');
      this.hooks.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [clientId]));
    }
  }

  /** Sends `peer` every presence state there is (on joining, and when it asks). */
  sendStates(peer: Peer): void {
    const present = [...this.awareness.getStates().keys()];
    peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, present)));
  }

  /** Takes an awareness message from a peer the write policy lets speak; a peer over a cap is closed. */
  receive(peer: Peer, entries: AwarenessEntry[]): void {
    const state = this.peers.get(peer);
    if (!state) return;
    // y-websocket clients echo the states of others back; only the sender's own entry counts,
    // and only that is charged against the sender's rate cap.
    if (state.awarenessClientId === null) this.bindAwarenessClient(state, entries);
    const own = entries.filter((entry) => entry.clientId === state.awarenessClientId);
    if (own.length === 0) return;
    if (!this.countAwareness(state)) {
      peer.close(CloseCode.PolicyViolation, 'too many awareness updates');
      return;
    }
    if (own.some((e) => e.stateBytes > this.limits.maxAwarenessStateBytes)) {
      peer.close(CloseCode.MessageTooBig, 'awareness state too large');
      return;
    }
    const states = own.map((e) => ({ ...e, state: withoutRoomFacts(e.state), clock: e.clock + state.clockOffset }));
    // Dropped, not closed: a tab from before the policy turned anonymous keeps its connection (and
    // the web client comes back under a pseudonym by itself); a modified one is simply not shown.
    if (this.anonymous && states.some((e) => !isAnonymousPresenceState(e.state))) return;
    const update = encodeAwarenessEntries(states);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
    this.hooks.publish(update);
  }

  /**
   * Applies presence from another instance and relays it to this instance's peers, under the rules
   * a peer's own presence meets here: no room facts, within the size cap, pseudonymous only while
   * the review is anonymous (the other instance may not have seen the policy turn yet), and never
   * for a client id a peer of this instance speaks for (that client speaks for itself, here).
   * Throws MalformedMessageError on an undecodable update.
   */
  applyRemote(update: Uint8Array, origin: unknown): void {
    // A state of room facts alone is another instance's own (its clients' states lost that field
    // there), so each client can add up the review's connections.
    const accepted = decodeAwarenessUpdate(update)
      .map((entry) => (isRoomPresenceState(entry.state) ? entry : { ...entry, state: withoutRoomFacts(entry.state) }))
      .filter((entry) => this.acceptsRemote(entry));
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), origin);
  }

  /**
   * Publishes the current states of this instance's peers, for another instance that asked (it just
   * loaded the review, or lost its link to the others): pub/sub kept none of the earlier messages.
   * Instances that know them already ignore them (same clock).
   */
  announcePeers(): void {
    const states = this.awareness.getStates();
    const present = [...this.peers.values()]
      .map((peer) => peer.awarenessClientId)
      .filter((id): id is number => id !== null && states.has(id));
    if (states.has(this.awareness.clientID)) present.push(this.awareness.clientID);
    if (present.length > 0) this.hooks.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, present));
  }

  /**
   * Every display name (`user.name` of an awareness state, from this instance's peers or another's)
   * seen since the room was loaded, for redacting exports: the names of people who were on the board
   * but never wrote a name into the review. Kept in memory only, gone when the room unloads; at most
   * MAX_PRESENCE_NAMES, each trimmed to 200 characters.
   */
  get names(): string[] {
    return [...this.namesSeen];
  }

  /**
   * When the findings turn anonymous, withdraws every state that would not be accepted now (a name
   * shown a moment before): a client that does not leave by itself is no longer shown by name.
   * Only the withdrawal of this instance's peers is published; each instance withdraws the states
   * of clients on others by itself (and a lost message cannot keep a name shown here).
   */
  private followAnonymity(doc: Y.Doc): void {
    const anonymous = readControl(doc).anonymity === 'anonymous';
    const turned = anonymous && !this.anonymous;
    this.anonymous = anonymous;
    if (!turned) return;
    const named = [...this.awareness.getStates()]
      .filter(([id, state]) => id !== this.awareness.clientID && !isAnonymousPresenceState(state))
      .map(([id]) => id);
    if (named.length === 0) return;
    awarenessProtocol.removeAwarenessStates(this.awareness, named, 'anonymous policy');
    const ownPeers = named.filter((id) => this.isClaimed(id));
    if (ownPeers.length > 0) this.hooks.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ownPeers));
  }

  /** Stops relaying and releases the awareness. */
  destroy(): void {
    this.unobserveControl();
    this.awareness.off('update', this.relayAwarenessUpdate);
    this.awareness.off('update', this.publishRoomState);
    this.awareness.off('update', this.notePresenceNames);
    // The other instances stop counting this room's connections now, not at the awareness timeout.
    const own = this.awareness.clientID;
    awarenessProtocol.removeAwarenessStates(this.awareness, [own], 'unload');
    this.hooks.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [own]));
    this.awareness.destroy();
  }

  /**
   * Binds a peer to the first client id it speaks for that nobody else holds: not claimed by another
   * peer here and without a live state (which would belong to a client on another instance).
   * A client that reconnects restarts below the clock its removal left behind, so its clocks are
   * shifted past it; otherwise every peer would ignore its presence until it caught up.
   * Never on a removal (state null): a client's own first word is its state, while a removal is an
   * echo of someone who left. A client whose own id is still held for a killed instance speaks only
   * in echoes until that state times out, and would otherwise be bound to the first departed
   * client it echoed, its own presence then never shown.
   */
  private bindAwarenessClient(state: PeerPresence, entries: AwarenessEntry[]): void {
    const live = this.awareness.getStates();
    const entry = entries.find((e) => e.state !== null && !live.has(e.clientId) && !this.isClaimed(e.clientId));
    if (!entry) return;
    state.awarenessClientId = entry.clientId;
    const known = this.awareness.meta.get(entry.clientId)?.clock;
    state.clockOffset = known !== undefined && entry.clock <= known ? known + 1 - entry.clock : 0;
  }

  /**
   * Tells everyone how many connections this instance has to the review (the other instances'
   * counts arrive as their own states, see publishRoomState), viewers included: they show no presence
   * of their own, and presence is dropped while the review is closed, so counting states would
   * give readers, editors and the facilitator different numbers.
   */
  private announceConnections(): void {
    if (!this.hooks.isLive()) return;
    const room: RoomPresence = { connections: this.peers.size };
    if (readRoomPresence(this.awareness.getLocalState())?.connections === room.connections) return;
    this.awareness.setLocalState({ [ROOM_PRESENCE_FIELD]: room });
  }

  /** Counts one presence message against the per-connection cap; false once it is exceeded. */
  private countAwareness(state: PeerPresence): boolean {
    const now = Date.now();
    if (now - state.awarenessWindowStart >= AWARENESS_WINDOW_MS) {
      state.awarenessWindowStart = now;
      state.awarenessInWindow = 0;
    }
    state.awarenessInWindow++;
    return state.awarenessInWindow <= this.limits.awarenessPer10s;
  }

  /** Whether an entry from another instance may be shown here (see applyRemote); its room facts are stripped already. */
  private acceptsRemote(entry: AwarenessEntry): boolean {
    if (this.isClaimed(entry.clientId)) return false;
    if (entry.state === null) return true;
    if (entry.stateBytes > this.limits.maxAwarenessStateBytes) return false;
    return !this.anonymous || isAnonymousPresenceState(entry.state) || isRoomPresenceState(entry.state);
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
   * Publishes the room's own state (its connection count) to the other instances when it changes,
   * and its renewal every 15 s, so that they do not time it out while this instance lives.
   */
  private readonly publishRoomState = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const own = this.awareness.clientID;
    if (origin !== 'local' || ![...added, ...updated, ...removed].includes(own)) return;
    this.hooks.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [own]));
  };

  private readonly notePresenceNames = ({ added, updated }: { added: number[]; updated: number[] }): void => {
    for (const clientId of [...added, ...updated]) {
      if (this.namesSeen.size >= MAX_PRESENCE_NAMES) return;
      const user = (this.awareness.getStates().get(clientId) as { user?: { name?: unknown } } | undefined)?.user;
      const name = typeof user?.name === 'string' ? user.name.trim().slice(0, 200) : '';
      if (name !== '') this.namesSeen.add(name);
    }
  };
}

/** A client's presence state without the server's field: nobody but the server speaks for the room. */
function withoutRoomFacts(state: unknown): unknown {
  if (typeof state !== 'object' || state === null || !(ROOM_PRESENCE_FIELD in state)) return state;
  const { [ROOM_PRESENCE_FIELD]: _forged, ...rest } = state as Record<string, unknown>;
  return rest;
}
