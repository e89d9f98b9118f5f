import { randomInt } from 'node:crypto';
import { publishAnonymousFindings, readControl } from '@hindsight/review';
import type { Logger } from '../log';
import type { HeldFinding, Store } from '../store';
import type { Rooms } from '../sync/rooms';

/** Anonymous findings' times are floored to this, so a time does not single out whoever wrote one. */
export const COARSE_TIME_MS = 15 * 60_000;

/** In live release mode a finding waits a random time in this range, so its arrival is not its author's. */
export const LIVE_DELAY_MS = { min: 20_000, max: 90_000 } as const;

/** `at` floored to the quarter hour, as an ISO string. */
export function coarseTime(at: Date): string {
  return new Date(Math.floor(at.getTime() / COARSE_TIME_MS) * COARSE_TIME_MS).toISOString();
}

/** A uniformly random delay for live release. */
export function liveReleaseDelay(): number {
  return randomInt(LIVE_DELAY_MS.min, LIVE_DELAY_MS.max + 1);
}

/** A uniformly shuffled copy (Fisher–Yates with a cryptographic source: the order must not be guessable). */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Releases held anonymous findings into their reviews' documents: all at once when the facilitator
 * reveals (shuffled), or each on its own random timer in live mode. Every change to a review's
 * anonymous findings (post, edit, delete, release) runs through `serialize`, so an author's edit
 * cannot be lost to a reveal that read the row a moment before.
 */
export class AnonymousRelease {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly firing = new Set<string>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    private readonly log: Logger,
  ) {}

  /** Runs `task` after every earlier task of the same review. */
  serialize<T>(reviewId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(reviewId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.chains.set(reviewId, settled);
    void settled.then(() => {
      if (this.chains.get(reviewId) === settled) this.chains.delete(reviewId);
    });
    return run;
  }

  /** Publishes every held finding of the review (or only those due by `dueBy`) in shuffled order. */
  release(reviewId: string, dueBy?: string): Promise<number> {
    return this.serialize(reviewId, async () => {
      const held = await this.store.heldFindings(reviewId, dueBy);
      if (held.length === 0) return 0;
      await this.publish(reviewId, shuffled(held));
      return held.length;
    });
  }

  private async publish(reviewId: string, held: HeldFinding[]): Promise<void> {
    // Into the document first (stored, then relayed), then forgotten by the table: a crash in
    // between leaves them held, and publishing again skips the ids already there.
    await this.rooms.withRoom(reviewId, (room) =>
      room.applyServerChange((doc) =>
        publishAnonymousFindings(
          doc,
          held.map(({ id, category, text, createdAt }) => ({ id, category, text, createdAt })),
        ),
      ),
    );
    await this.store.markPublished(
      reviewId,
      held.map((finding) => finding.id),
    );
    this.log.info('anonymous.released', { reviewId, count: held.length });
  }

  /** Loads the pending live releases after a restart. */
  async start(): Promise<void> {
    for (const { reviewId, releaseAt } of await this.store.pendingReleases()) this.schedule(reviewId, releaseAt);
  }

  /** Makes sure a live release runs for `reviewId` at `releaseAt` (ISO) or earlier. */
  schedule(reviewId: string, releaseAt: string): void {
    if (this.stopped) return;
    const at = Date.parse(releaseAt);
    const current = this.timers.get(reviewId);
    if (current && current.at <= at) return;
    if (current) clearTimeout(current.timer);
    const timer = setTimeout(() => void this.fire(reviewId), Math.max(0, at - Date.now()));
    timer.unref();
    this.timers.set(reviewId, { at, timer });
  }

  private async fire(reviewId: string): Promise<void> {
    this.timers.delete(reviewId);
    this.firing.add(reviewId);
    try {
      const control = await this.rooms.withRoom(reviewId, (room) => readControl(room.doc));
      // Switched back to batch release: they wait for the facilitator's reveal.
      if (control.release === 'live') await this.release(reviewId, new Date().toISOString());
      const next = (await this.store.pendingReleases()).find((pending) => pending.reviewId === reviewId);
      if (next && control.release === 'live') this.schedule(reviewId, next.releaseAt);
    } catch (err) {
      this.log.warn('anonymous.release_failed', { reviewId, err });
    } finally {
      this.firing.delete(reviewId);
    }
  }

  /** True when no release timer is pending for the review and none is running (for tests and shutdown). */
  idle(reviewId: string): boolean {
    return !this.timers.has(reviewId) && !this.firing.has(reviewId);
  }

  /** Cancels every timer (on shutdown); held findings stay stored and are rescheduled on start. */
  stop(): void {
    this.stopped = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
