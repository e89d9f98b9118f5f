import { RateWindow, WINDOW_MS } from './rate-window';

/** How often one connection may ask for what is expensive to answer, and send presence frames. */
export interface ReadRates {
  /** Sync step 1 messages per minute: each makes the room encode the document's missing part. */
  syncRequestsPerMinute: number;
  /** Awareness queries per minute: each makes the room encode every presence state. */
  awarenessQueriesPerMinute: number;
  /** Awareness frames per 10 s, whatever they hold (a client's echoes of others' presence included). */
  awarenessFramesPer10s: number;
  /** Bytes of awareness frames per 10 s. */
  awarenessBytesPer10s: number;
}

/**
 * Meters one connection's requests and presence frames, counted from the frame's first byte before
 * anything is decoded, so a flood costs no more than reading its type: an oversized or malformed
 * awareness frame past the rate is never parsed.
 */
export class ReadMeter {
  private readonly syncRequests: RateWindow;
  private readonly awarenessQueries: RateWindow;
  private readonly awarenessFrames: RateWindow;
  private readonly awarenessBytes: RateWindow;

  constructor(rates: ReadRates) {
    this.syncRequests = new RateWindow(WINDOW_MS.minute, rates.syncRequestsPerMinute);
    this.awarenessQueries = new RateWindow(WINDOW_MS.minute, rates.awarenessQueriesPerMinute);
    this.awarenessFrames = new RateWindow(WINDOW_MS.tenSeconds, rates.awarenessFramesPer10s);
    this.awarenessBytes = new RateWindow(WINDOW_MS.tenSeconds, rates.awarenessBytesPer10s);
  }

  /** Counts one sync step 1; false once the rate is exceeded. */
  countSyncRequest(now = Date.now()): boolean {
    return this.syncRequests.add(1, now);
  }

  /** Counts one awareness query; false once the rate is exceeded. */
  countAwarenessQuery(now = Date.now()): boolean {
    return this.awarenessQueries.add(1, now);
  }

  /** Counts one awareness frame of `bytes`; false once either rate is exceeded. */
  countAwarenessFrame(bytes: number, now = Date.now()): boolean {
    const withinFrames = this.awarenessFrames.add(1, now);
    const withinBytes = this.awarenessBytes.add(bytes, now);
    return withinFrames && withinBytes;
  }
}
