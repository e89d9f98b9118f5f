import { randomInt, randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import {
  editAnonymousFinding,
  isAnonymousFinding,
  publishAnonymousFindings,
  readControl,
  removeAnonymousFinding,
  rootCauseId,
  rootCausesFrozen,
  shownRootCauseIds,
} from '@hindsight/review';
import type { Logger } from '../log';
import type { HeldFinding, PendingChange, Store } from '../store';
import type { Room } from '../sync/room';
import type { Rooms } from '../sync/rooms';

/** Anonymous findings' times are floored to this, so a time does not single out whoever wrote one. */
export const COARSE_TIME_MS = 15 * 60_000;

/**
 * In live release mode a finding waits a random time in this range (and so does an author's change
 * to a published finding, in either mode), so its arrival is not its author's moment.
 */
export const LIVE_DELAY_MS = { min: 20_000, max: 90_000 } as const;

/**
 * How long an instance's claim on the findings it publishes lasts: past it, another instance takes
 * them over (the claimant is taken for dead). Far above a release's few database round trips.
 */
export const RELEASE_LEASE_MS = 30_000;

/** How the instances share the releasing: whose claims, how long they last, how often lapsed ones are sought. */
export interface ReleaseClaims {
  /** This process's name on its claims (a fresh one per process). */
  instanceId?: string;
  leaseMs?: number;
  /** How often to look for claims whose lease lapsed (another instance died mid-release). */
  sweepMs?: number;
  /** Tests only: the process kills itself (SIGKILL) after writing the document, before marking published. */
  crashAfterClaim?: boolean;
}

/** `at` floored to the quarter hour, as an ISO string. */
export function coarseTime(at: Date): string {
  return new Date(Math.floor(at.getTime() / COARSE_TIME_MS) * COARSE_TIME_MS).toISOString();
}

/** Whether `findingId` is a root-cause candidate that voting has frozen (it must stay). */
export function isFrozenCandidate(doc: Y.Doc, findingId: string): boolean {
  return (
    rootCausesFrozen(readControl(doc).voting) &&
    shownRootCauseIds(doc).includes(rootCauseId({ kind: 'finding', id: findingId }))
  );
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
 * reveals (shuffled), or each at its own random moment in live mode; and applies an author's change
 * to a published finding at its own random moment, in either mode. Every change to a review's
 * anonymous findings (post, edit, delete, release) runs as a task of the review (`rooms.runTask`),
 * so an author's edit cannot be lost to a reveal that read the row a moment before.
 *
 * The random moments are kept in memory only: the store knows just the quarter hour each one began
 * waiting in, so the database never holds a posting or editing time finer than the quarter hour.
 * After a restart each waiting one is drawn a fresh delay from start-up (later than first drawn,
 * never sooner than the minimum after its post).
 *
 * Several instances may release the same review (two reveals, or live timers on each): a finding
 * is published only by the instance whose claim on it the store granted (`claimForPublishing`, with
 * a lease), and marked published only by that one. An instance that dies in between leaves a claim
 * that lapses; the sweep of another instance then publishes it. Publishing skips ids the document
 * has already, and every task runs on a document brought up to date from the database first
 * (`rooms.runTask`), so a finding the dead instance did write is not written twice.
 */
export class AnonymousRelease {
  /** Per review: the moment (ms) each waiting finding or change is due. */
  private readonly dueAt = new Map<string, Map<string, number>>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly firing = new Set<string>();
  private stopped = false;
  private readonly instanceId: string;
  private readonly leaseMs: number;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    private readonly log: Logger,
    private readonly delayMs: { min: number; max: number } = LIVE_DELAY_MS,
    private readonly claims: ReleaseClaims = {},
  ) {
    this.instanceId = claims.instanceId ?? randomUUID();
    this.leaseMs = claims.leaseMs ?? RELEASE_LEASE_MS;
  }

  /**
   * Draws the moment a waiting finding (held in live mode) or change goes out: a uniformly random
   * delay from now, and makes sure a timer runs by then.
   */
  delay(reviewId: string, findingId: string): void {
    if (this.stopped) return;
    const at = Date.now() + randomInt(this.delayMs.min, this.delayMs.max + 1);
    let due = this.dueAt.get(reviewId);
    if (!due) this.dueAt.set(reviewId, (due = new Map()));
    due.set(findingId, at);
    this.schedule(reviewId, at);
  }

  /** The moment a waiting finding or change is due (ms), if one was drawn (for tests). */
  dueMoment(reviewId: string, findingId: string): number | undefined {
    return this.dueAt.get(reviewId)?.get(findingId);
  }

  /** Publishes every held finding of the review in shuffled order, and applies every waiting change. */
  release(reviewId: string): Promise<number> {
    return this.rooms.runTask(reviewId, (room) => this.releaseWaiting(room, () => true, true));
  }

  /**
   * Releases what is due by `now`: waiting changes always, held findings only in live mode (switched
   * back to batch, they wait for the facilitator's reveal). Resolves with how many findings it published.
   */
  private async releaseWaiting(room: Room, isDue: (id: string) => boolean, findings: boolean): Promise<number> {
    const reviewId = room.reviewId;
    const dueIds = findings ? (await this.store.heldFindings(reviewId)).map((f) => f.id).filter(isDue) : [];
    // Those another instance claimed are its to publish (or, should it die, the sweep's after the lease).
    const held =
      dueIds.length > 0 ? await this.store.claimForPublishing(reviewId, dueIds, this.instanceId, this.leaseMs) : [];
    const changes = (await this.store.pendingChanges(reviewId)).filter((c) => isDue(c.id));
    if (held.length === 0 && changes.length === 0) {
      for (const id of dueIds) this.dueAt.get(reviewId)?.delete(id);
      return 0;
    }
    const { published, applied } = await this.apply(room, shuffled(held), changes);
    const due = this.dueAt.get(reviewId);
    for (const id of [...dueIds, ...applied]) due?.delete(id);
    // A frozen candidate's deletion: tried again after another delay, until voting is reset.
    for (const change of changes) if (!applied.includes(change.id)) this.delay(reviewId, change.id);
    if (published.length > 0) this.log.info('anonymous.released', { reviewId, count: published.length });
    return published.length;
  }

  /**
   * Writes claimed findings and waiting changes into the document in one server change (stored,
   * then relayed), then forgets their words in the table: a crash in between leaves them claimed
   * until the lease lapses, and publishing again skips the ids already there. A deletion of a
   * candidate frozen by the vote is skipped (it keeps waiting). Returns the findings this instance
   * marked published and the ids of the changes applied.
   */
  private async apply(
    room: Room,
    held: HeldFinding[],
    changes: PendingChange[],
  ): Promise<{ published: string[]; applied: string[] }> {
    const reviewId = room.reviewId;
    const applied: PendingChange[] = [];
    await room.applyServerChange((doc) => {
      publishAnonymousFindings(
        doc,
        held.map(({ id, category, text, createdAt }) => ({ id, category, text, createdAt })),
      );
      for (const change of changes) {
        if (change.kind === 'delete' && isFrozenCandidate(doc, change.id)) continue;
        applied.push(change);
        // Gone meanwhile (the facilitator deleted it): nothing to change, the row is dropped below.
        if (!isAnonymousFinding(doc, change.id)) continue;
        if (change.kind === 'delete') removeAnonymousFinding(doc, change.id);
        else
          editAnonymousFinding(doc, change.id, {
            ...(change.text ? { text: change.text } : {}),
            ...(change.category ? { category: change.category } : {}),
          });
      }
    });
    if (held.length > 0 && this.claims.crashAfterClaim) process.kill(process.pid, 'SIGKILL');
    const published =
      held.length > 0
        ? await this.store.markPublished(
            reviewId,
            held.map((finding) => finding.id),
            this.instanceId,
          )
        : [];
    const edits = applied.filter((c) => c.kind === 'edit').map((c) => c.id);
    if (edits.length > 0) await this.store.clearChanges(reviewId, edits);
    for (const change of applied)
      if (change.kind === 'delete') await this.store.deleteAnonymousFinding(reviewId, change.id);
    return { published, applied: applied.map((c) => c.id) };
  }

  /**
   * After a restart: draws a fresh moment for everything that waits for one, and starts looking for
   * claims that lapsed, every `sweepMs`.
   */
  async start(): Promise<void> {
    for (const { reviewId, id } of await this.store.pendingReleases()) this.delay(reviewId, id);
    const sweepMs = this.claims.sweepMs;
    if (sweepMs === undefined || this.stopped) return;
    let running = false;
    this.sweepTimer = setInterval(() => {
      if (running) return;
      running = true;
      void Promise.all([this.publishLapsed(), this.adoptOverdue()]).finally(() => (running = false));
    }, sweepMs);
    this.sweepTimer.unref();
  }

  /**
   * Draws a moment for each finding or change that waits longer than any instance would have let it
   * (its quarter hour, the longest delay and a lease have passed) and that this instance has no
   * moment for: the instance that drew its moment died. The claim keeps a finding to one publisher.
   */
  async adoptOverdue(): Promise<void> {
    const waitingBefore = coarseTime(new Date(Date.now() - COARSE_TIME_MS - this.delayMs.max - this.leaseMs));
    try {
      for (const { reviewId, id } of await this.store.pendingReleases(waitingBefore)) {
        if (this.dueMoment(reviewId, id) === undefined) this.delay(reviewId, id);
      }
    } catch (err) {
      this.log.warn('anonymous.overdue_failed', { err });
    }
  }

  /**
   * Publishes the findings whose claimant died mid-release (a lapsed claim): what it claimed was due,
   * whatever the review's release mode is now. Resolves with how many this instance published.
   */
  async publishLapsed(): Promise<number> {
    let count = 0;
    const lapsed = await this.store.lapsedClaims().catch((err: unknown) => {
      this.log.warn('anonymous.lapsed_claims_failed', { err });
      return [];
    });
    for (const reviewId of new Set(lapsed.map((row) => row.reviewId))) {
      const ids = new Set(lapsed.filter((row) => row.reviewId === reviewId).map((row) => row.id));
      try {
        count += await this.rooms.runTask(reviewId, (room) => this.releaseWaiting(room, (id) => ids.has(id), true));
      } catch (err) {
        this.log.warn('anonymous.release_failed', { reviewId, err });
      }
    }
    return count;
  }

  /** Makes sure a release runs for `reviewId` at `at` (ms) or earlier. */
  private schedule(reviewId: string, at: number): void {
    if (this.stopped) return;
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
      const now = Date.now();
      const isDue = (id: string) => (this.dueAt.get(reviewId)?.get(id) ?? Infinity) <= now;
      await this.rooms.runTask(reviewId, (room) => this.releaseWaiting(room, isDue, control.release === 'live'));
      // Held findings that were due but wait for the reveal (back in batch mode) leave the timers.
      const waiting = this.dueAt.get(reviewId);
      for (const [id, at] of waiting ?? []) if (at <= now) waiting!.delete(id);
      const next = Math.min(...(waiting?.values() ?? []));
      if (Number.isFinite(next)) this.schedule(reviewId, next);
      else this.dueAt.delete(reviewId);
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

  /** Cancels every timer (on shutdown); waiting findings and changes stay stored and are drawn afresh on start. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
