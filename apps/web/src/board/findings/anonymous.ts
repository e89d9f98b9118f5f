import type { FindingCategory } from '@hindsight/review';
import { ensureParticipant } from '../../collab/participant';
import { deleteAnonymousFinding, patchAnonymousFinding, postAnonymousFinding } from './anonymous-api';
import type { FindingsBoard } from './board';
import { newFindingSecret } from './own-findings';

/**
 * Anonymous findings from the board's side. Posting goes to the API with this browser's
 * participant token and a fresh secret; the server publishes the finding later with its own
 * client id. Nothing here touches the document or presence, so no editing marker, caret or
 * update of ours ever accompanies an anonymous finding.
 */

export async function postAnonymously(board: FindingsBoard, category: FindingCategory, text: string): Promise<void> {
  const { reviewId, token, role } = board.session;
  const participant = await ensureParticipant(reviewId, token, role);
  const secret = newFindingSecret();
  const { id } = await postAnonymousFinding(reviewId, participant, { category, text, secret });
  board.own.add({ id, secret, category, text });
}

/** True when this browser may change the anonymous finding: its author, or the facilitator. */
export function mayChangeAnonymous(board: FindingsBoard, id: string): boolean {
  return board.session.role === 'facilitator' || board.own.find(id) !== undefined;
}

/** The credentials for changing `id`: the author's participant token and secret, else the facilitator's token. */
async function credentials(board: FindingsBoard, id: string): Promise<{ token: string; secret?: string }> {
  const { reviewId, token, role } = board.session;
  const mine = board.own.find(id);
  if (mine) return { token: await ensureParticipant(reviewId, token, role), secret: mine.secret };
  return { token };
}

export async function editAnonymously(board: FindingsBoard, id: string, text: string): Promise<void> {
  const { token, secret } = await credentials(board, id);
  await patchAnonymousFinding(board.session.reviewId, token, id, { text, ...(secret ? { secret } : {}) });
  if (board.own.find(id)) board.own.update(id, { text });
}

export async function deleteAnonymously(board: FindingsBoard, id: string): Promise<void> {
  const { token, secret } = await credentials(board, id);
  await deleteAnonymousFinding(board.session.reviewId, token, id, secret);
  board.own.remove(id);
}
