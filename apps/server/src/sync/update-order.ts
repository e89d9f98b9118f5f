/**
 * One order per review across instances: which of the review's updates (by seq, see
 * DocumentLog.seqsPerReview) this room's document holds. `applied` is the highest seq below which
 * nothing is missing; the room's own appends may land beyond it (another instance's rows in between
 * are still on their way), and updates received from other instances beyond the next one wait here
 * until the ones before them arrive or are read from the database (a gap).
 *
 * Without dense seqs (SQLite, one instance) there are no gaps to see: every seq counts as next.
 */
export class UpdateOrder {
  private appliedSeq: number;
  /** Seqs beyond `applied` that the document already holds (own appends). */
  private readonly ahead = new Set<number>();
  /** Received updates beyond the next expected seq, by seq. */
  private readonly held = new Map<number, Uint8Array>();

  constructor(
    loadedSeq: number,
    private readonly dense: boolean,
  ) {
    this.appliedSeq = loadedSeq;
  }

  /** The highest seq up to which the document holds every update: what a compaction may cover. */
  get applied(): number {
    return this.appliedSeq;
  }

  /** Whether updates are known to be missing below one the document holds or has received. */
  get hasGap(): boolean {
    return this.ahead.size > 0 || this.held.size > 0;
  }

  /** Whether the document holds update `seq` (below the gap-free seq, or an own append beyond it). */
  holds(seq: number): boolean {
    return seq <= this.appliedSeq || this.ahead.has(seq);
  }

  /**
   * The room's own append got `seq` (its update is in the document). Returns the received updates
   * that waited for it, to apply now in order: `applied` moves past them, so dropping them would
   * leave the document without updates it counts as held (and a compaction would delete their rows).
   */
  appended(seq: number): Uint8Array[] {
    if (!this.dense) {
      this.appliedSeq = Math.max(this.appliedSeq, seq);
      return [];
    }
    if (seq > this.appliedSeq) this.ahead.add(seq);
    return this.advance();
  }

  /**
   * Another instance's update `seq` arrived: returns the updates to apply now, in order (none while
   * it waits for earlier ones; it may also be one the document already holds).
   */
  received(seq: number, update: Uint8Array): Uint8Array[] {
    if (!this.dense) {
      this.appliedSeq = Math.max(this.appliedSeq, seq);
      return [update];
    }
    if (seq <= this.appliedSeq || this.ahead.has(seq)) return [];
    this.held.set(seq, update);
    return this.advance();
  }

  /**
   * The document now holds everything stored up to `seq` (read from the database): held updates
   * up to there are dropped, later ones returned in order if they now follow without a gap.
   */
  filledUpTo(seq: number): Uint8Array[] {
    if (seq <= this.appliedSeq) return this.advance();
    this.appliedSeq = seq;
    for (const s of this.ahead) if (s <= seq) this.ahead.delete(s);
    for (const s of this.held.keys()) if (s <= seq) this.held.delete(s);
    return this.advance();
  }

  /** Moves `applied` over every seq that now follows it; returns the held updates passed on the way. */
  private advance(): Uint8Array[] {
    const ready: Uint8Array[] = [];
    for (;;) {
      const next = this.appliedSeq + 1;
      const update = this.held.get(next);
      if (update) {
        this.held.delete(next);
        ready.push(update);
      } else if (!this.ahead.delete(next)) {
        return ready;
      }
      this.appliedSeq = next;
    }
  }
}
