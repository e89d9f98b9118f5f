import { ControlResponse, VotesResponse } from '@hindsight/protocol';
import { request, reviewPath, withToken } from '../../app/api';

/**
 * The voting API. Votes are cast with this browser's participant token (one per browser, so every
 * tab shares one budget); a reset uses the facilitator's link token (other voting controls go
 * through `updateControl` in facilitation/control-api.ts).
 */

/** `GET /api/reviews/:id/votes`: this participant's own votes and remaining budget. */
export function fetchOwnVotes(reviewId: string, participantToken: string): Promise<VotesResponse> {
  return request(`${reviewPath(reviewId)}/votes`, withToken(participantToken), VotesResponse);
}

/** `POST /api/reviews/:id/votes`: adds (+1) or withdraws (-1) one vote on a candidate. */
export function castVote(
  reviewId: string,
  participantToken: string,
  candidateId: string,
  delta: 1 | -1,
): Promise<VotesResponse> {
  return request(
    `${reviewPath(reviewId)}/votes`,
    { method: 'POST', ...withToken(participantToken, { candidateId, delta }) },
    VotesResponse,
  );
}

/** `POST /api/reviews/:id/votes/reset` (facilitator): deletes every vote and hides the tallies. */
export function resetAllVotes(reviewId: string, facilitatorToken: string): Promise<ControlResponse> {
  return request(
    `${reviewPath(reviewId)}/votes/reset`,
    { method: 'POST', ...withToken(facilitatorToken) },
    ControlResponse,
  );
}
