import { addFinding, readControl } from '@hindsight/review';
import { postAnonymously } from './anonymous';
import { noteRewordedByMe, type FindingsBoard } from './board';
import { publishingPath, type OfflineNote } from './offline-notes';

/**
 * Publishes the notes written while out of sync. Call only once the document has synced with the
 * server on this connection: the policy read here is then the server's, not a stale copy's. Named
 * notes go into the document with their author and time of writing; under the anonymous policy
 * they go to the server to be held like any anonymous note, and no name is sent anywhere. Notes
 * that could not be sent wait for the next sync. Named notes reworded meanwhile are marked as
 * edited by this person (unless the review is now anonymous).
 */
export async function publishOfflineNotes(board: FindingsBoard): Promise<void> {
  // Rewordings made out of sync are credited now, by the model's rules for the policy it has now.
  const reworded = [...board.rewordedOffline];
  board.rewordedOffline.clear();
  for (const id of reworded) noteRewordedByMe(board, id);
  const notes = board.offline.takeAll();
  if (notes.length === 0) return;
  const failed: OfflineNote[] = [];
  for (const note of notes) {
    // The connection may drop while an anonymous one is being sent: the rest wait for the next sync.
    if (!board.isSynced()) {
      failed.push(note);
      continue;
    }
    const path = publishingPath(readControl(board.doc).anonymity);
    if (path === 'named') {
      addFinding(board.doc, {
        category: note.category,
        text: note.text,
        ...(note.author ? { author: note.author } : {}),
        createdAt: note.writtenAt,
      });
      continue;
    }
    try {
      await postAnonymously(board, note.category, note.text);
    } catch {
      failed.push(note);
    }
  }
  board.offline.restore(failed);
}
