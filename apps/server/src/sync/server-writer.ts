import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';

/**
 * The one client id every server write of a room is made under (controls, anonymous findings,
 * tallies): distinct from the room document's own id, which never writes, so applying a server
 * write back to the room document is not mistaken for someone else using its id.
 */
export class ServerWriter {
  readonly clientId: number;

  /** `clientId`: random unless a test needs a reproducible run. */
  constructor(doc: Y.Doc, clientId?: number) {
    let id = clientId ?? randomBytes(4).readUInt32LE();
    while (id === doc.clientID) id = randomBytes(4).readUInt32LE();
    this.clientId = id;
  }

  /**
   * What `change` does to `doc`, made on a copy under the writer's id, as one update (null when it
   * changes nothing). `doc` itself is not touched; throws what `change` throws.
   */
  updateFor(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array | null {
    const shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(doc));
    // Set after loading the state: Yjs replaces a doc's id when a remote update brings structs under it.
    shadow.clientID = this.clientId;
    const updates: Uint8Array[] = [];
    shadow.on('update', (u: Uint8Array) => updates.push(u));
    try {
      change(shadow);
    } finally {
      shadow.destroy();
    }
    return updates.length === 0 ? null : Y.mergeUpdates(updates);
  }
}
