/**
 * Cold load: a review of about `targetBytes` (encoded), uploaded in frames under Hindsight's 1 MiB
 * cap; then Hindsight is restarted (the review is read back from storage), while the reference,
 * which stores nothing, keeps it in memory with one client still connected. Measures the time from
 * a new client's connect to its first sync, and checks that it received the whole review.
 */
import * as Y from 'yjs';
import { addFinding, FINDING_CATEGORIES, findingText } from '@hindsight/review';
import { waitFor } from '@hindsight/tests/support/clients';
import { createRng } from '@hindsight/tests/support/model';
import { destroyAll, joinRoom } from './clients';
import type { BenchServer } from './servers';

/** Size of one uploaded update: well under the frame cap. */
const BATCH_BYTES = 256 * 1024;

export interface LargeReview {
  updates: Uint8Array[];
  bytes: number;
  stateVector: Uint8Array;
}

/**
 * Builds a review of findings with about 2,000 characters each and a typing history (a few
 * single-character edits per finding, so many small structs), as a list of updates.
 */
export function buildLargeReview(targetBytes: number, seed: number): LargeReview {
  const rng = createRng(seed);
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  let bytes = 0;
  while (bytes < targetBytes) {
    doc.transact(() => {
      for (let size = 0; size < BATCH_BYTES; size += 2100) {
        const words = Array.from({ length: 330 }, () => rng.word(1 + rng.int(9))).join(' ');
        const id = addFinding(doc, { category: rng.pick(FINDING_CATEGORIES), text: words });
        const text = findingText(doc, id)!;
        for (let edit = 0; edit < 10; edit++) text.insert(rng.int(text.length + 1), rng.word(1));
      }
    });
    bytes = Y.encodeStateAsUpdate(doc).byteLength;
  }
  return { updates, bytes, stateVector: Y.encodeStateVector(doc) };
}

export async function runColdLoad(server: BenchServer, review: LargeReview) {
  const room = await server.openRoom();
  const [uploader, keeper] = await joinRoom(server, room, 2);
  const holds = (doc: Y.Doc) =>
    [...Y.decodeStateVector(review.stateVector)].every(([client, clock]) => Y.getState(doc.store, client) >= clock);
  try {
    for (const update of review.updates) Y.applyUpdate(uploader!.doc, update);
    // Every update is relayed only once the server has it (Hindsight: once it is stored).
    await waitFor(() => holds(keeper!.doc), 'the whole review at the other client', 120_000);
  } finally {
    uploader!.destroy();
    if (server.restart) keeper!.destroy();
  }
  await server.restart?.();
  const startedAt = performance.now();
  const [loader] = await joinRoom(server, room, 1);
  const ms = performance.now() - startedAt;
  try {
    if (!holds(loader!.doc)) throw new Error(`${server.kind}: the new client was synced without the whole review`);
    return { ms, reviewBytes: review.bytes };
  } finally {
    destroyAll(server.restart ? [loader!] : [loader!, keeper!]);
  }
}
