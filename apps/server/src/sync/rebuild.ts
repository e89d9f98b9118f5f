import * as Y from 'yjs';
import type { Logger } from '../log';
import type { Store, StoredDocument } from '../store';

/** A review's document rebuilt from the store, with what it was rebuilt from. */
export interface RebuiltDocument {
  doc: Y.Doc;
  /** The snapshot and log rows in `doc`: the rows quarantined on the way are no longer among them. */
  stored: StoredDocument;
  /** How many log rows threw on apply and were quarantined by this rebuild. */
  quarantined: number;
}

/**
 * Rebuilds a review's document from its snapshot and update log. A row that throws on apply is
 * moved to the quarantine, not skipped (the next compaction would delete a skipped row), and the
 * document is then rebuilt without it: Yjs may have integrated part of the row before throwing,
 * and that part must not reach a snapshot. Throws when the snapshot itself cannot be applied.
 */
export async function rebuildDocument(reviewId: string, store: Store, log: Logger): Promise<RebuiltDocument> {
  const quarantined = new Set<number>();
  // Each round quarantines at least one row it has not quarantined before, so the loop ends.
  for (;;) {
    const stored = await store.loadDocument(reviewId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    // One transaction per row (no transact around them all), so a throw ends that row's only.
    const failed: Array<{ seq: number; err: unknown }> = [];
    for (const { seq, data } of stored.updates) {
      try {
        Y.applyUpdate(doc, data);
      } catch (err) {
        failed.push({ seq, err });
      }
    }
    if (failed.length === 0) return { doc, stored, quarantined: quarantined.size };
    doc.destroy();
    for (const { seq, err } of failed) {
      if (quarantined.has(seq)) throw new Error(`log row ${seq} is still in the log after its quarantine`);
      quarantined.add(seq);
      await store.quarantineUpdate(reviewId, seq, String(err));
      log.error('room.load.quarantined', { reviewId, seq, err });
    }
  }
}
