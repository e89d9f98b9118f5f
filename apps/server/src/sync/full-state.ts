import * as Y from 'yjs';

/**
 * What a client that has nothing is sent: the whole document, encoded once and reused until the
 * document changes. A meeting's first minutes bring many such joins (a first visit has no local
 * copy), and each used to encode the whole review again (about 50 ms for 4 MB). A room loaded from
 * a snapshot with no log rows after it starts with the snapshot's bytes, which are that encoding.
 */
export class FullState {
  private encoded: Uint8Array | null;

  constructor(
    private readonly doc: Y.Doc,
    loaded: Uint8Array | null,
  ) {
    this.encoded = loaded;
    // Any transaction may change the document (deletions leave the state vector as it was).
    doc.on('afterTransaction', this.forget);
  }

  /** Everything in the document, as one update. */
  get(): Uint8Array {
    return (this.encoded ??= Y.encodeStateAsUpdate(this.doc));
  }

  /** What a peer with `stateVector` lacks, from the kept encoding when the peer has nothing. */
  since(stateVector: Uint8Array): Uint8Array {
    return isEmptyStateVector(stateVector) ? this.get() : Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.forget);
    this.encoded = null;
  }

  private readonly forget = (): void => {
    this.encoded = null;
  };
}

/** A state vector with no client in it (one varint 0), as a client with an empty document sends. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}
