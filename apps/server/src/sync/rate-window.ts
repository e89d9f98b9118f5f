/** Window lengths the meters count in (ms). */
export const WINDOW_MS = { second: 1_000, tenSeconds: 10_000, minute: 60_000 } as const;

/** A count that starts again at zero when its fixed window has passed. */
export class RateWindow {
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
