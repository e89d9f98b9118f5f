/**
 * Group commit for the update log: appends made in one event-loop turn, from any review, are written
 * in one transaction (one fsync) once that turn's I/O has been read. Each append still resolves only
 * when its row is durable, with the row's sequence number, so "stored before anyone sees it" holds
 * unchanged; what changes is that a hundred updates arriving together cost one commit, not a hundred.
 *
 * Batches commit one at a time and in order, so appends resolve in the order they were made (a room
 * relies on this to release its relays in order). While a batch commits (an asynchronous backend),
 * the next one gathers. If a batch fails, its rows are retried one transaction each, so one bad row
 * (a review deleted meanwhile) fails alone and the others still land.
 */
import { StoreUnavailableError } from './unavailable';

/** One row to append: the review's update log and the update's bytes. */
export interface LogAppend {
  reviewId: string;
  update: Uint8Array;
}

/**
 * Writes rows in one transaction and returns their sequence numbers in the same order. All or
 * nothing: on a throw no row of the batch is stored.
 */
export type AppendBatch = (rows: readonly LogAppend[]) => Promise<number[]> | number[];

interface Waiting extends LogAppend {
  resolve(seq: number): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private gathering: Waiting[] = [];
  private scheduled = false;
  private committing = false;

  /**
   * `deadlineMs`: a batch not written by then fails as StoreUnavailableError (a database that stopped
   * answering without refusing, packets dropped): its rows are refused rather than held for as long
   * as TCP takes to give up, and the next batch is tried. It may still commit later; its rows were
   * acknowledged to nobody, and their clients send them again (Yjs ignores what it already has).
   */
  constructor(
    private readonly appendBatch: AppendBatch,
    private readonly deadlineMs?: number,
  ) {}

  /** Resolves once every append made so far has settled (before closing the database). */
  async settled(): Promise<void> {
    while (this.scheduled || this.committing || this.gathering.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Appends one update; resolves with its sequence number once it is durable. */
  append(reviewId: string, update: Uint8Array): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.gathering.push({ reviewId, update, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Commits after the current turn's I/O callbacks: every socket message read in this poll phase
   * joins the batch. setImmediate, not a timer: no added latency when the loop is idle.
   */
  private schedule(): void {
    if (this.scheduled || this.committing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.commit();
    });
  }

  private async commit(): Promise<void> {
    const batch = this.gathering;
    if (batch.length === 0) return;
    this.gathering = [];
    this.committing = true;
    try {
      await this.write(batch);
    } finally {
      this.committing = false;
      if (this.gathering.length > 0) this.schedule();
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    let seqs: number[];
    try {
      seqs = await this.withinDeadline(this.appendBatch(batch));
    } catch (err) {
      // A database that cannot be reached fails every row alike: retrying them one by one would only
      // make as many connection attempts (and a batch cut mid-commit might have committed anyway).
      if (batch.length === 1 || err instanceof StoreUnavailableError) {
        for (const row of batch) row.reject(err);
        return;
      }
      // Find the rows that fail: each alone, in order, so the others keep their order and land.
      for (const row of batch) await this.write([row]);
      return;
    }
    batch.forEach((row, i) => row.resolve(seqs[i]!));
  }

  private async withinDeadline(written: Promise<number[]> | number[]): Promise<number[]> {
    if (this.deadlineMs === undefined) return written;
    const deadlineMs = this.deadlineMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(new Error(`no answer to an append within ${deadlineMs} ms`))),
        deadlineMs,
      );
    });
    try {
      return await Promise.race([written, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
