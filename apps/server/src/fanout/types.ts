/** What one server instance tells the others about a review it serves. */
export type FanoutKind = 'update' | 'awareness';

/**
 * Cross-instance fan-out: accepted document updates and presence changes reach the rooms of the same
 * review on other server processes. Updates are published only after they are stored, so a receiver
 * applies them without storing them again.
 */
export interface Fanout {
  publish(reviewId: string, kind: FanoutKind, payload: Uint8Array): Promise<void>;
  /** Receives what other instances publish for `reviewId` (never one's own). Returns unsubscribe. */
  subscribe(reviewId: string, receive: (kind: FanoutKind, payload: Uint8Array) => void): () => void;
  close(): Promise<void>;
}
