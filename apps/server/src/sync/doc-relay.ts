import * as Y from 'yjs';
import { encodeUpdate } from './messages';
import type { Peer } from './peer';

/**
 * Relays a room document's updates to the room's peers, never back to the peer an update came from,
 * and only once they are durable (`deliver`, see RoomLog.whenDurable). While a client update is
 * applied they are held, and relayed only once it has applied and passed its last check: Yjs emits
 * 'update' from a `finally`, so an update that throws part-way still emits what it integrated before
 * the throw; held here, that part reaches nobody.
 */
export class DocRelay {
  /** While a client update is applied: the document's updates, relayed once the apply returned. */
  private held: Array<{ update: Uint8Array; origin: unknown }> | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly peers: () => Iterable<Peer>,
    private readonly deliver: (send: () => void) => void,
  ) {
    doc.on('update', this.relay);
  }

  /** Applies `peer`'s update, then runs `verify`; relays what it changed only if neither threw. */
  applyThenRelay(update: Uint8Array, peer: Peer, verify: () => void): void {
    const held: Array<{ update: Uint8Array; origin: unknown }> = [];
    this.held = held;
    try {
      Y.applyUpdate(this.doc, update, peer);
      verify();
    } finally {
      this.held = null;
    }
    for (const relay of held) this.relay(relay.update, relay.origin);
  }

  /** Stops relaying. */
  destroy(): void {
    this.doc.off('update', this.relay);
  }

  private readonly relay = (update: Uint8Array, origin: unknown): void => {
    if (this.held) {
      this.held.push({ update, origin });
      return;
    }
    const frame = encodeUpdate(update);
    this.deliver(() => {
      for (const peer of this.peers()) if (peer !== origin) peer.send(frame);
    });
  };
}
