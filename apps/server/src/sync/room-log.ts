import * as Y from 'yjs';
import type { LogFields, Logger } from '../log';
import type { ServerMetrics } from '../metrics/metrics';
import type { DocumentLog, StoredDocument, UpdateQuarantine } from '../store';

/**
 * A room's side of its review's update log (the store's `DocumentLog`): every accepted update is
 * appended, the log is compacted into a snapshot of the document now and then, and a row that failed
 * in the document is moved to the quarantine. Its methods are called from the room's write queue.
 *
 * An update is applied as soon as it is appended (the next one is checked against it), but it
 * reaches nobody before its row is durable: whatever the room sends that was built from the document
 * meanwhile (relays, sync replies, the fan-out) waits in `whenDurable`, in order. The store's group
 * commit resolves appends in the order they were made, so counting them is enough to know how much
 * of the document is durable.
 */
export class RoomLog {
  /** Bytes the store holds for the document: the snapshot plus every update appended since. */
  private bytes: number;
  /** How many stored updates the snapshot does not cover yet. */
  private sinceSnapshot: number;
  /** Appends handed to the store (`issued`) and those known durable (`durable`), counted in order. */
  private issued = 0;
  private durable = 0;
  /** The last append handed to the store, to wait for everything stored so far. */
  private lastAppend: Promise<void> = Promise.resolve();
  /** Sends built while some of the document was not durable, each with the appends it waits for. */
  private outbox: Array<{ after: number; send: () => void }> = [];

  /**
   * `stored`: what the room's document was rebuilt from (see rebuildDocument). `onStoreFailed`: an
   * append failed, so the document holds an update the store lacks (the room resets).
   */
  constructor(
    private readonly reviewId: string,
    private readonly store: DocumentLog & UpdateQuarantine,
    private readonly log: Logger,
    stored: StoredDocument,
    private readonly onStoreFailed: (err: unknown) => void,
    private readonly metrics?: ServerMetrics,
  ) {
    this.sinceSnapshot = stored.updates.length;
    this.bytes = stored.updates.reduce((sum, u) => sum + u.data.byteLength, stored.snapshot?.byteLength ?? 0);
  }

  /** Bytes the store holds for the document (snapshot and log); compaction can shrink it. */
  get storedBytes(): number {
    return this.bytes;
  }

  /** Stored updates the snapshot does not cover yet. */
  get updatesSinceSnapshot(): number {
    return this.sinceSnapshot;
  }

  /**
   * Hands an update to the store's group commit; resolves with its sequence number once durable,
   * when it also releases the sends waiting for it.
   */
  append(update: Uint8Array): Promise<number> {
    const ticket = ++this.issued;
    this.bytes += update.byteLength;
    const started = this.metrics ? performance.now() : 0;
    const stored = this.store.appendUpdate(this.reviewId, update);
    this.lastAppend = stored.then(
      () => {
        this.metrics?.appendSeconds.observe((performance.now() - started) / 1000);
        this.durable = ticket;
        this.releaseOutbox();
      },
      (err) => this.onStoreFailed(err),
    );
    return stored;
  }

  /** Counts the update last appended as part of the document, for the next compaction. */
  countApplied(): void {
    this.sinceSnapshot++;
  }

  /** Runs `send` once everything appended so far is durable: at once if it already is. */
  whenDurable(send: () => void): void {
    if (this.durable === this.issued && this.outbox.length === 0) send();
    else this.outbox.push({ after: this.issued, send });
  }

  /** Drops every waiting send (the room reset: nobody may receive what they carry). */
  dropWaiting(): void {
    this.outbox = [];
  }

  /** Settles once every append made so far is durable (or has failed). */
  settled(): Promise<void> {
    return this.lastAppend;
  }

  /**
   * Replaces the snapshot with `doc`, which must hold no update that is not durable (wait for
   * `settled` first) and every update up to `uptoSeq`: the seq below which the room knows of no
   * gap, not its own last append, as another instance's rows below that may not have arrived yet
   * (see UpdateOrder). The store swaps them atomically. A failure is logged, not thrown: the log
   * still holds every update and compaction is only retried later, as it is when another instance
   * holds the review's compaction lease.
   */
  async compact(doc: Y.Doc, uptoSeq: number): Promise<void> {
    if (this.sinceSnapshot === 0) return;
    const snapshot = Y.encodeStateAsUpdate(doc);
    try {
      if (!(await this.store.compact(this.reviewId, snapshot, uptoSeq))) {
        this.log.info('room.compact_skipped', { uptoSeq, reason: 'another instance is compacting' });
        return;
      }
      this.sinceSnapshot = 0;
      this.bytes = snapshot.byteLength;
      this.log.info('room.compacted', { uptoSeq });
    } catch (err) {
      this.log.error('room.compact_failed', { err });
    }
  }

  /**
   * Moves the row `stored` (an append) to the quarantine after it failed in the document (`err`),
   * so that neither a load nor a compaction sees it again; logged at `level` with `fields`. Should
   * the store fail, the row stays in the log for now: the next load quarantines it when it throws there.
   */
  async quarantine(stored: Promise<number>, err: unknown, level: 'warn' | 'error', fields: LogFields): Promise<void> {
    const logged = { reviewId: this.reviewId, seq: 0, ...fields, err };
    try {
      logged.seq = await stored;
      await this.store.quarantineUpdate(this.reviewId, logged.seq, String(err));
      this.log[level]('room.update_quarantined', logged);
    } catch (storeErr) {
      this.log.error('room.quarantine_failed', { ...logged, storeErr });
    }
  }

  private releaseOutbox(): void {
    let released = 0;
    while (released < this.outbox.length && this.outbox[released]!.after <= this.durable) {
      this.outbox[released]!.send();
      released++;
    }
    if (released > 0) this.outbox.splice(0, released);
  }
}
