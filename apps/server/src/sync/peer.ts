import type { Role } from '@hindsight/protocol';

/** How a frame is sent. */
export interface SendOptions {
  /**
   * A sync step 2 answering the peer's step 1: possibly the whole document, sent whatever the
   * peer's cap on queued bytes (the room's and process's budgets still apply).
   */
  syncReply?: boolean;
}

/** What a room needs of a connected client; the room never sees the socket itself. */
export interface Peer {
  readonly connId: string;
  readonly role: Role;
  /** Public id of the link whose token opened this peer, so revoking the link can close it. */
  readonly linkId?: string;
  send(frame: Uint8Array, options?: SendOptions): void;
  close(code: number, reason: string): void;
}
