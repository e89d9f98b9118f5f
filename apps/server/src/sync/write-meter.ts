/** How much one connection may write to the document: updates per second and bytes per minute. */
export interface WriteRates {
  updatesPerSecond: number;
  updateBytesPerMinute: number;
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

/** A count that starts again at zero when its fixed window has passed. */
class Window {
  private start = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    private readonly lengthMs: number,
    private readonly limit: number,
  ) {}

  /** Adds `amount` at `now`; false once the window holds more than the limit. */
  add(amount: number, now: number): boolean {
    if (now - this.start >= this.lengthMs) {
      this.start = now;
      this.used = 0;
    }
    this.used += amount;
    return this.used <= this.limit;
  }
}

/**
 * Meters one connection's document updates, counted as they arrive (before they are checked or
 * stored), so a flood costs the server no more than decoding its frames.
 */
export class WriteMeter {
  private readonly updates: Window;
  private readonly bytes: Window;

  constructor(rates: WriteRates) {
    this.updates = new Window(SECOND_MS, rates.updatesPerSecond);
    this.bytes = new Window(MINUTE_MS, rates.updateBytesPerMinute);
  }

  /** Counts one update of `bytes`; false once either rate is exceeded. */
  count(bytes: number, now = Date.now()): boolean {
    const withinUpdates = this.updates.add(1, now);
    const withinBytes = this.bytes.add(bytes, now);
    return withinUpdates && withinBytes;
  }
}
