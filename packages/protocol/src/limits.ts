/** Defaults for the server's limits; each can be overridden by an environment variable. */
export const DEFAULT_LIMITS = {
  /** Largest WebSocket frame accepted (HINDSIGHT_MAX_FRAME_BYTES). */
  maxFrameBytes: 1024 * 1024,
  /** Largest HTTP request body (HINDSIGHT_MAX_BODY_BYTES). */
  maxBodyBytes: 64 * 1024,
  /** Awareness messages a connection may send per window before it is closed (HINDSIGHT_AWARENESS_PER_10S). */
  awarenessPer10s: 200,
  /**
   * Document updates (update or sync step 2 frames) one connection may send per second
   * (HINDSIGHT_UPDATES_PER_SECOND): far above a fast typist, whose client sends one per keystroke.
   */
  updatesPerSecond: 100,
  /**
   * Bytes of document updates one connection may send per minute (HINDSIGHT_UPDATE_BYTES_PER_MINUTE):
   * room for a reconnecting client's offline sync step 2 (one frame, at most maxFrameBytes) many times over.
   */
  updateBytesPerMinute: 32 * 1024 * 1024,
  /**
   * Largest stored document of one review, snapshot plus update log (HINDSIGHT_MAX_DOCUMENT_BYTES):
   * an update that would take it past this is refused (close 4413).
   */
  maxDocumentBytes: 16 * 1024 * 1024,
  /**
   * Sync step 1 messages one connection may send per minute (HINDSIGHT_SYNC_REQUESTS_PER_MINUTE):
   * each makes the server encode the whole document. A stock y-websocket client sends one per
   * connection (and one per `resyncInterval`, off by default and in the web app).
   */
  syncRequestsPerMinute: 10,
  /**
   * Awareness queries one connection may send per minute (HINDSIGHT_AWARENESS_QUERIES_PER_MINUTE):
   * each makes the server encode every presence state. A stock client sends none over the socket.
   */
  awarenessQueriesPerMinute: 10,
  /**
   * Awareness frames one connection may send per 10 s, counted before they are parsed
   * (HINDSIGHT_AWARENESS_FRAMES_PER_10S). Above awarenessPer10s, which counts a peer's own state
   * only: y-websocket clients echo back every presence change they receive.
   */
  awarenessFramesPer10s: 2000,
  /** Bytes of awareness frames one connection may send per 10 s, counted before parsing (HINDSIGHT_AWARENESS_BYTES_PER_10S). */
  awarenessBytesPer10s: 4 * 1024 * 1024,
  /**
   * Bytes queued for one socket that its client has not read, beyond a sync step 2 reply still on
   * its way (HINDSIGHT_MAX_BUFFERED_BYTES); over it the socket closes 4408. The reply itself, up to
   * the document's size, is always sent, so a large review's first sync fits whatever this is.
   */
  maxBufferedBytes: 4 * 1024 * 1024,
  /**
   * Bytes queued for all sockets of one room (HINDSIGHT_MAX_BUFFERED_BYTES_PER_ROOM): over it, the
   * sockets holding the most are closed 4408 until it fits. Room for a few full first syncs of the
   * largest review at once.
   */
  maxBufferedBytesPerRoom: 128 * 1024 * 1024,
  /** Bytes queued for all sockets of the process (HINDSIGHT_MAX_BUFFERED_BYTES_PER_PROCESS); as per room. */
  maxBufferedBytesPerProcess: 512 * 1024 * 1024,
  /** Largest awareness state of one client, encoded (bytes). */
  maxAwarenessStateBytes: 16 * 1024,
  /** Connections one room accepts (HINDSIGHT_MAX_CONNECTIONS_PER_ROOM). */
  maxConnectionsPerRoom: 200,
  /** Time a socket may take to finish the upgrade (ms). */
  upgradeTimeoutMs: 10_000,
  /** Reviews one client address may create or import per hour (HINDSIGHT_CREATES_PER_HOUR). */
  createsPerHour: 30,
  /** Participant identities one client address may mint per minute (HINDSIGHT_JOINS_PER_MINUTE). */
  joinsPerMinute: 60,
  /**
   * Participant identities minted through one shared (not personal) link per minute, from any
   * address (HINDSIGHT_JOINS_PER_LINK_PER_MINUTE).
   */
  joinsPerLinkPerMinute: 30,
  /** WebSocket upgrades one client address may ask for per minute (HINDSIGHT_UPGRADES_PER_MINUTE). */
  upgradesPerMinute: 300,
  /** Time a client has to send a request's headers (ms; HINDSIGHT_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: 10_000,
  /** Time a client has to send a whole request, body included (ms; HINDSIGHT_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: 30_000,
  /** Time an idle keep-alive connection is kept open between requests (ms; HINDSIGHT_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: 5_000,
  /** TCP connections the process holds at once, WebSockets included (HINDSIGHT_MAX_CONNECTIONS). */
  maxConnections: 10_000,
} as const;

export const TITLE_MAX_LENGTH = 200;

/** Largest import body (bytes): far above a real review, and capped so an upload cannot exhaust memory. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Deepest nesting of shared types a client update may create (a root is depth 0). Far beyond a real
 * review (a nested list in the narrative takes two levels per indent); a crafted update nesting
 * 50,000 maps in one frame would make every reader that walks the tree recurse that deep.
 */
export const MAX_NESTING_DEPTH = 128;
