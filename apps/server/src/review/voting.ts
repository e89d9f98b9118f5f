import {
  applyControlPatch,
  beginVotingRound,
  readControl,
  writeTallies,
  writeVoters,
  type ControlPatch,
  type ReviewControl,
} from '@hindsight/review';
import { ApiError } from '../errors';
import type { Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { assertLive } from './closing';

/**
 * The voting rules shared by the control and vote routes. Tallies are published into the
 * server-owned `control` root (clients cannot write it), and only while the facilitator has
 * revealed them: before that, the document holds `tallies: null` and nobody learns others' votes.
 *
 * Steps that change votes, read the voting state or publish tallies run as tasks of the review
 * (`rooms.runTask`), one at a time, so a vote is never accepted after the lock that ends voting, and
 * the tallies written last are the store's latest: reading them is async, and two readers racing
 * could otherwise write stale numbers over fresh ones.
 */

/** The refusal for any change to a vote whose result the facilitator has locked. */
export function votingLocked(): ApiError {
  return new ApiError(409, 'voting_locked', 'Voting is locked: its result is final.');
}

// What a locked vote no longer lets the facilitator change.
const LOCKED_FIELDS = ['voting', 'votesRevealed', 'votesPerPerson', 'votesPerCandidate', 'personalVotesOnly'] as const;

/**
 * Applies a facilitator's control patch under the voting rules:
 * - revealing seals the round (its per-participant votes become tallies, kept, and are deleted) and
 *   publishes the tallies and the number of voters in the same change; hiding withdraws them;
 * - tallies show only while nobody can vote: revealing an open vote closes it. (A count that moves
 *   right after someone clicks would tell anyone watching that person what they voted for.)
 * - one reveal per round: opening voting after the round was revealed starts the next round from
 *   zero, so no two reveals differ by the few votes cast in between;
 * - locking is final and reveals; once locked, a patch that would change voting, the reveal or a
 *   budget is refused (409).
 * The store changes before the document: should writing the document fail, a retry finds the
 * votes already sealed or reset and does the same again.
 */
export function changeControl(
  store: Store,
  rooms: Rooms,
  reviewId: string,
  patch: ControlPatch,
): Promise<ReviewControl> {
  return rooms.runTask(reviewId, async (room) => {
    assertLive(room.doc);
    const current = readControl(room.doc);
    const changesVoting = LOCKED_FIELDS.some((field) => patch[field] !== undefined && patch[field] !== current[field]);
    if (current.voting === 'locked' && changesVoting) throw votingLocked();
    const effective: ControlPatch = { ...patch };
    if (effective.voting === 'locked') effective.votesRevealed = true;
    if (effective.votesRevealed === true && (effective.voting ?? current.voting) === 'open')
      effective.voting = 'closed';
    const opening = effective.voting === 'open' && current.voting !== 'open';
    // A review revealed before rounds existed still holds its votes: its next opening starts over too.
    const newRound = opening && (current.votesRevealed || (await store.sealedResult(reviewId)) !== null);
    if (newRound) await store.resetVotes(reviewId);
    const result = effective.votesRevealed === true ? await store.sealVotes(reviewId) : null;
    await room.applyServerChange((doc) => {
      if (newRound) beginVotingRound(doc);
      applyControlPatch(doc, effective);
      if (effective.votesRevealed !== undefined) {
        writeTallies(doc, result?.tallies ?? null);
        writeVoters(doc, result?.voters ?? null);
      }
    });
    return readControl(room.doc);
  });
}

/**
 * Deletes every vote of the review and starts the next round with its tallies hidden (refused once
 * locked). The store goes first, as in `changeControl`: a failed document write leaves nothing to
 * count twice, and a retry finishes the reset.
 */
export function resetVotes(store: Store, rooms: Rooms, reviewId: string): Promise<ReviewControl> {
  return rooms.runTask(reviewId, async (room) => {
    assertLive(room.doc);
    if (readControl(room.doc).voting === 'locked') throw votingLocked();
    await store.resetVotes(room.reviewId);
    // Written even when already hidden: the change tells every client to refetch its own votes.
    await room.applyServerChange((doc) => beginVotingRound(doc));
    return readControl(room.doc);
  });
}
