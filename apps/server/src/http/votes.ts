import { Hono } from 'hono';
import { isParticipantTokenShaped, isReviewId, VoteBody, type VotesResponse, canWrite } from '@hindsight/protocol';
import { listRootCauses, readControl, type ReviewControl } from '@hindsight/review';
import { bearerToken, hashToken } from '../auth/tokens';
import type { Logger } from '../log';
import type { ParticipantRecord, Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { ApiError } from './errors';
import { limitBody, parseBody } from './json';

export interface VoteRoutesOptions {
  store: Store;
  rooms: Rooms;
  log: Logger;
  maxBodyBytes: number;
}

/**
 * `/api/reviews/:id/votes`: dot voting on root-cause candidates, with a participant token. The
 * budget is enforced by the store in one transaction, so racing requests (many tabs, reconnects)
 * cannot exceed it; who voted for what never leaves the server.
 */
export function voteRoutes({ store, rooms, log, maxBodyBytes }: VoteRoutesOptions) {
  const app = new Hono();

  app.get('/:id/votes', async (c) => {
    const participant = await participantOf(store, c.req.param('id'), c.req.header('authorization'));
    const control = await rooms.withRoom(participant.reviewId, (room) => readControl(room.doc));
    return c.json(await votesView(store, participant, control));
  });

  app.post('/:id/votes', limitBody(maxBodyBytes), async (c) => {
    const participant = await participantOf(store, c.req.param('id'), c.req.header('authorization'));
    if (!canWrite(participant.role)) throw new ApiError(403, 'read_only', 'A view link cannot vote.');
    const { candidateId, delta } = await parseBody(c.req.raw, VoteBody);
    const { control, exists } = await rooms.withRoom(participant.reviewId, ({ doc }) => ({
      control: readControl(doc),
      exists: listRootCauses(doc).some((candidate) => candidate.id === candidateId),
    }));
    if (control.voting !== 'open') throw new ApiError(409, 'voting_not_open', 'Voting is not open.');
    if (!exists) throw new ApiError(404, 'unknown_candidate', 'No such root-cause candidate.');
    const change = await store.changeVote(participant.reviewId, participant.id, candidateId, delta, {
      perPerson: control.votesPerPerson,
      perCandidate: control.votesPerCandidate,
    });
    if (!change.ok) throw new ApiError(409, change.reason, VOTE_REFUSALS[change.reason]);
    log.debug('vote.changed', { reviewId: participant.reviewId });
    return c.json(await votesView(store, participant, control));
  });

  return app;
}

const VOTE_REFUSALS = {
  budget_exhausted: 'You have used all your votes; withdraw one to vote elsewhere.',
  candidate_cap: 'You have put as many votes on this candidate as allowed.',
  nothing_to_withdraw: 'You have no vote on this candidate to withdraw.',
} as const;

async function votesView(store: Store, participant: ParticipantRecord, control: ReviewControl): Promise<VotesResponse> {
  const mine = await store.votesOf(participant.reviewId, participant.id);
  const used = Object.values(mine).reduce((sum, n) => sum + n, 0);
  const view: VotesResponse = {
    mine,
    remaining: Math.max(0, control.votesPerPerson - used),
    voting: control.voting,
    revealed: control.votesRevealed,
  };
  // Before the reveal a participant learns nothing of anyone else's votes.
  if (control.votesRevealed) view.tallies = await store.voteTallies(participant.reviewId);
  return view;
}

/** The participant a `Bearer hp_…` token names, for this review only. */
async function participantOf(store: Store, reviewId: string, header: string | undefined): Promise<ParticipantRecord> {
  if (!isReviewId(reviewId)) throw new ApiError(400, 'bad_review_id', 'Malformed review id.');
  const token = bearerToken(header);
  if (!token || !isParticipantTokenShaped(token)) {
    throw new ApiError(401, 'unauthorized', 'A participant token is required (join the review first).');
  }
  const participant = await store.findParticipant(hashToken(token));
  if (!participant) throw new ApiError(401, 'unauthorized', 'Unknown participant token.');
  if (participant.reviewId !== reviewId) throw new ApiError(403, 'forbidden', 'This token does not open this review.');
  return participant;
}
