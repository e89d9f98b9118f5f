import type { Role } from '@hindsight/protocol';

/** What a room needs of a connected client; the room never sees the socket itself. */
export interface Peer {
  readonly connId: string;
  readonly role: Role;
  /** Public id of the link whose token opened this peer, so revoking the link can close it. */
  readonly linkId?: string;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}
