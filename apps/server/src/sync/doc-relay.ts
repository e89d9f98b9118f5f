import * as Y from 'yjs';
import type { Counter } from 'prom-client';
import { encodeUpdate } from './messages';
import type { Peer } from './peer';

/**
 * Applies updates to a room's document and relays them to the room's peers, never back to the peer
 * an update came from, and only once they are durable (`deliver`, see RoomLog.whenDurable).
 *
 * What is relayed is the update as applied (for a client's, the checked update: exactly the row
 * stored), not what Yjs re-encodes from its transaction: the room does not listen to the
 * document's 'update' event, so Yjs skips that encoding, and an update that throws part-way, or
 * fails its last check, relays nothing at all (Yjs would emit the part it integrated before).
 */
export class DocRelay {
  constructor(
    private readonly doc: Y.Doc,
    private readonly peers: () => Iterable<Peer>,
    private readonly deliver: (send: () => void) => void,
    /** Counts every delivery to a peer, if given (hindsight_updates_relayed_total). */
    private readonly delivered?: Counter,
  ) {}

  /**
   * Applies an update that integrates whole (checked, or from the server or another instance) with
   * `origin` as its transaction origin, runs `verify`, and relays it if neither threw.
   */
  applyThenRelay(update: Uint8Array, origin: unknown, verify: () => void = () => undefined): void {
    Y.applyUpdate(this.doc, update, origin);
    verify();
    const frame = encodeUpdate(update);
    this.deliver(() => {
      let sent = 0;
      for (const peer of this.peers()) {
        if (peer === origin) continue;
        peer.send(frame);
        sent++;
      }
      if (sent > 0) this.delivered?.inc(sent);
    });
  }
}
