import * as Y from 'yjs';
import { reviewSearchText, reviewSummary } from '@hindsight/review';
import type { Logger } from '../log';
import type { ReviewIndexEntry, Store } from '../store';
import type { Room } from '../sync/room';
import type { Rooms } from '../sync/rooms';

/** How long after a stored change a review's index is refreshed: changes meanwhile ride along. */
export const INDEX_DELAY_MS = 2_000;

/** The index entry of a review document: its summary, its searchable texts and the state they were read at. */
export function indexEntry(doc: Y.Doc): ReviewIndexEntry {
  return { summary: reviewSummary(doc), texts: reviewSearchText(doc), stateVector: Y.encodeStateVector(doc) };
}

/**
 * Keeps the index (summary and search texts) of every review in a team space current with its
 * document. A refresh is due `delayMs` after this instance stored an update of the review (only
 * the instance that stored it refreshes, so several instances do not all redo it), when a room
 * loads a review whose index was read from another state (changes stored before a crash, or by an
 * older version), and before the server shuts down. A refresh rewrites the whole entry from the
 * document under the review's lock, on a document caught up from the store, so refreshes racing
 * on two instances leave the newest state, and repeating one changes nothing.
 */
export class SpaceIndexer {
  /** Reviews with a refresh due, each holding its room so it stays loaded until then. */
  private readonly due = new Map<string, { timer: NodeJS.Timeout; room: Promise<Room> }>();
  private readonly running = new Set<Promise<void>>();
  private rooms: Rooms | undefined;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly delayMs = INDEX_DELAY_MS,
  ) {}

  /** The rooms to read documents from (they call back into the indexer, so they are made after it). */
  attach(rooms: Rooms): void {
    this.rooms = rooms;
  }

  /** This instance stored an update of the review: refresh within `delayMs` (not later for more changes). */
  changed(reviewId: string): void {
    const rooms = this.rooms;
    if (!rooms || this.due.has(reviewId)) return;
    const room = rooms.acquire(reviewId);
    room.catch(() => undefined);
    const timer = setTimeout(() => this.runDue(reviewId), this.delayMs);
    this.due.set(reviewId, { timer, room });
  }

  /** A room loaded: refresh if the review is in a space and its index was read from another state. */
  loaded(room: Room): void {
    const check = (async () => {
      // Reviews outside any space (most) cost one read here.
      if (!(await this.store.getReview(room.reviewId))?.spaceId) return;
      const indexed = await this.store.indexedStateVector(room.reviewId);
      if (indexed && sameState(indexed, Y.encodeStateVector(room.doc))) return;
      this.changed(room.reviewId);
    })();
    this.track(check.catch((err) => this.log.warn('space.index_check_failed', { reviewId: room.reviewId, err })));
  }

  /** Writes the review's index from `doc` now (a review just created in or moved into a space). */
  async refreshFrom(reviewId: string, doc: Y.Doc): Promise<ReviewIndexEntry> {
    const entry = indexEntry(doc);
    await this.store.saveReviewIndex(reviewId, entry);
    // Counts only: the texts are the team's words.
    this.log.debug('space.indexed', { reviewId, texts: entry.texts.length });
    return entry;
  }

  /** Refreshes the review's index from its current document (loading it if need be), under its lock. */
  async refresh(reviewId: string): Promise<ReviewIndexEntry> {
    if (!this.rooms) throw new Error('SpaceIndexer: no rooms attached');
    return this.rooms.runTask(reviewId, (room) => this.refreshFrom(reviewId, room.doc));
  }

  /** Runs every refresh that is due now (before shutting down), and waits for those running. */
  async flush(): Promise<void> {
    for (const [reviewId, { timer }] of this.due) {
      clearTimeout(timer);
      this.runDue(reviewId);
    }
    await Promise.allSettled([...this.running]);
  }

  private runDue(reviewId: string): void {
    const entry = this.due.get(reviewId);
    if (!entry) return;
    this.due.delete(reviewId);
    const run = (async () => {
      const room = await entry.room;
      try {
        // Only reviews in a space are indexed; one read tells (a review moves between spaces).
        if ((await this.store.getReview(reviewId))?.spaceId) await this.refresh(reviewId);
      } finally {
        this.rooms?.release(room);
      }
    })();
    this.track(run.catch((err) => this.log.warn('space.index_failed', { reviewId, err })));
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}

/** Whether two encoded state vectors name the same clocks. */
function sameState(a: Uint8Array, b: Uint8Array): boolean {
  const left = Y.decodeStateVector(a);
  const right = Y.decodeStateVector(b);
  return left.size === right.size && [...left].every(([client, clock]) => right.get(client) === clock);
}
