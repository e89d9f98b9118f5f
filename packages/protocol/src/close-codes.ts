/**
 * WebSocket close codes used by the sync endpoint. One table, shared by server, web and tests.
 * 1xxx are the standard codes (RFC 6455); 44xx mirror the HTTP status they stand for.
 */
export const CloseCode = {
  /** The server is shutting down or unloading; reconnect later. */
  GoingAway: 1001,
  /** Invalid WebSocket framing (RSV bits, reserved opcode, unmasked client frame); set by `ws` itself. */
  ProtocolError: 1002,
  /** A text frame: the sync protocol is binary only. */
  UnsupportedData: 1003,
  /** A binary frame that is not a valid y-websocket message (bad varint, unknown type, garbage update). */
  InvalidPayload: 1007,
  /** The connection broke a policy: e.g. awareness updates beyond the per-connection cap. */
  PolicyViolation: 1008,
  /** A frame larger than the configured maximum. */
  MessageTooBig: 1009,
  /** The server could not load the review; nothing was stored. */
  InternalError: 1011,
  /** The token stopped being valid while connected (revoked or expired). */
  Unauthorized: 4401,
  /** The token does not grant access to this review. */
  Forbidden: 4403,
  /**
   * Messages beyond a per-connection rate, like HTTP 429: document updates (per second or bytes per
   * minute), or reads (sync step 1 or awareness queries per minute; a stock client sends one step 1
   * per connection). The client may reconnect and resync; one that keeps flooding is closed again.
   */
  TooManyUpdates: 4429,
  /**
   * Slow consumer: the client did not read what the server sent, and too much was queued for its
   * socket (its own cap, or it held the most when its room's or the process's budget ran out). Not
   * final: reconnect, and the resync sends only what is missing.
   */
  SlowConsumer: 4408,
  /**
   * The update would take the review's stored document past its size cap: it was not stored. Final:
   * the same update would be refused again; the facilitator sees the review is full.
   */
  DocumentFull: 4413,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close reasons the web app tells apart (with their code), besides the code alone. */
export const CloseReason = {
  /**
   * With 1011: the database cannot be reached, so the edit just sent was not stored (nor shown to
   * anyone). Not final: the client keeps the edit and sends it again once it gets back in.
   */
  DatabaseUnavailable: 'database unavailable',
} as const;
