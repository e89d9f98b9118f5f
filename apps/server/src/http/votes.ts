import { Hono } from 'hono';
import { VoteBody, type ControlResponse, type VotesResponse } from '@hindsight/protocol';
import { listRootCauses, readControl, type ReviewControl } from '@hindsight/review';
import type { Logger } from '../log';
import { assertLive } from '../review/closing';
import { resetVotes } from '../review/voting';
import type { ParticipantRecord, Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireParticipant, requireRole, requireWritingParticipant } from './access';
import { ApiError } from '../errors';
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
 * cannot exceed it; who voted for what never leaves the server. Once revealed, the tallies in the
 * document follow every vote. `POST …/votes/reset` (facilitator) starts the vote over.
 */
export function voteRoutes({ store, rooms, log, maxBodyBytes }: VoteRoutesOptions) {
  const app = new Hono();

  // Read as a task too, so an answer never mixes a reset or a lock with the votes before it.
  app.get('/:id/votes', async (c) => {
    const participant = await requireParticipant(store, c.req.param('id'), c.req.header('authorization'));
    const view = await rooms.runTask(participant.reviewId, async (room) =>
      votesView(store, participant, readControl(room.doc)),
    );
    return c.json(view);
  });

  app.post('/:id/votes', limitBody(maxBodyBytes), async (c) => {
    const participant = await requireWritingParticipant(store, c.req.param('id'), c.req.header('authorization'));
    const { candidateId, delta } = await parseBody(c.req.raw, VoteBody);
    const view = await rooms.runTask(participant.reviewId, async (room) => {
      assertLive(room.doc);
      const control = readControl(room.doc);
      if (control.voting !== 'open') throw new ApiError(409, 'voting_not_open', 'Voting is not open.');
      // Withdrawing stays allowed: it only gives back what the participant placed before.
      if (control.personalVotesOnly && !participant.personal && delta === 1) {
        throw new ApiError(
          403,
          'personal_link_required',
          'Votes count only from personal links: ask the facilitator for yours.',
        );
      }
      // A vote on a candidate that has since been demoted or deleted can still be withdrawn.
      const exists = listRootCauses(room.doc).some((candidate) => candidate.id === candidateId);
      if (!exists && delta === 1) throw new ApiError(404, 'unknown_candidate', 'No such root-cause candidate.');
      const change = await store.changeVote(participant.reviewId, participant.id, candidateId, delta, {
        perPerson: control.votesPerPerson,
        perCandidate: control.votesPerCandidate,
      });
      if (!change.ok) throw new ApiError(409, change.reason, VOTE_REFUSALS[change.reason]);
      return votesView(store, participant, control);
    });
    log.debug('vote.changed', { reviewId: participant.reviewId });
    return c.json(view);
  });

  // The facilitator starts the vote over: every vote is deleted and the tallies hidden.
  app.post('/:id/votes/reset', async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const control = await resetVotes(store, rooms, reviewId);
    log.info('review.votes_reset', { reviewId });
    const body: ControlResponse = { control };
    return c.json(body);
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
    round: control.votingRound,
    personal: participant.personal,
  };
  // Before the reveal a participant learns nothing of anyone else's votes; the facilitator learns
  // how many have voted (not who, nor for what), to know when to reveal.
  if (control.votesRevealed) {
    const result = await store.sealedResult(participant.reviewId);
    view.tallies = result?.tallies ?? {};
    view.voters = result?.voters ?? 0;
  } else if (participant.role === 'facilitator') {
    view.voters = await store.countVoters(participant.reviewId);
  }
  return view;
}
