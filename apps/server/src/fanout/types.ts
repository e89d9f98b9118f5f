/**
 * What one server instance tells the others about a review it serves: a stored document update,
 * with the sequence number its append got (receivers apply a review's updates in that order and
 * notice gaps), a presence change, or a presence query (an instance that just loaded the review, or
 * whose link to the others was lost, asks them for the presence of their clients: pub/sub keeps no
 * past messages, so it would otherwise learn of them only at their next renewal).
 */
export type FanoutMessage =
  | { kind: 'update'; seq: number; payload: Uint8Array }
  | { kind: 'awareness'; payload: Uint8Array }
  | { kind: 'presence-query' };

/**
 * What every instance must act on at once, whichever review it concerns. (Closing a review needs no
 * event: its status is in the document, which crosses as updates; an expiry is timed on each socket.)
 */
export type ControlEvent =
  /** A link was revoked: its sockets close (4401). */
  { kind: 'link-revoked'; reviewId: string; linkId: string };

/**
 * Cross-instance fan-out: accepted document updates and presence changes reach the rooms of the same
 * review on other server processes. Updates are published only after they are stored, so a receiver
 * applies them without storing them again. Delivery is best effort: a receiver notices a lost update
 * by its seq, and `onReconnect` says when anything may have been lost.
 */
export interface Fanout {
  publish(reviewId: string, message: FanoutMessage): Promise<void>;
  /**
   * Receives what other instances publish for `reviewId` (never one's own). Returns unsubscribe, and
   * `live`: settles once messages published from then on are received (a catch-up read from the
   * database after it misses nothing in between).
   */
  subscribe(
    reviewId: string,
    receive: (message: FanoutMessage) => void,
  ): { unsubscribe: () => void; live: Promise<void> };
  /** Tells the other instances of a control event (this one acts on it itself). */
  publishControl(event: ControlEvent): Promise<void>;
  /** Receives the control events other instances publish. Returns unsubscribe. */
  onControl(receive: (event: ControlEvent) => void): () => void;
  /**
   * Called when the link to the other instances came back after a loss, once every subscription is
   * live again: messages published meanwhile are missing.
   */
  onReconnect(listener: () => void): () => void;
  /** Whether the link to the other instances works now: `unused` for the in-process bus (GET /api/health). */
  health(): Promise<'ok' | 'down' | 'unused'>;
  close(): Promise<void>;
}
