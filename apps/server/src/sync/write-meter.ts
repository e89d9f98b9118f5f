import { RateWindow, WINDOW_MS } from './rate-window';

/** How much one connection may write to the document: updates per second and bytes per minute. */
export interface WriteRates {
  updatesPerSecond: number;
  updateBytesPerMinute: number;
}

/**
 * Meters one connection's document updates, counted as they arrive (before they are checked or
 * stored), so a flood costs the server no more than decoding its frames.
 */
export class WriteMeter {
  private readonly updates: RateWindow;
  private readonly bytes: RateWindow;

  constructor(rates: WriteRates) {
    this.updates = new RateWindow(WINDOW_MS.second, rates.updatesPerSecond);
    this.bytes = new RateWindow(WINDOW_MS.minute, rates.updateBytesPerMinute);
  }

  /** Counts one update of `bytes`; false once either rate is exceeded. */
  count(bytes: number, now = Date.now()): boolean {
    const withinUpdates = this.updates.add(1, now);
    const withinBytes = this.bytes.add(bytes, now);
    return withinUpdates && withinBytes;
  }
}
