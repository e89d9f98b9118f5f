import { ControlResponse, VotesResponse, type ControlPatchBody } from '@hindsight/protocol';
import { request } from '../../app/api';

/**
 * The voting API. Votes are cast with this browser's participant token (one per browser, so every
 * tab shares one budget); the facilitator's controls use the facilitator's link token.
 */

const reviewPath = (reviewId: string) => `/api/reviews/${encodeURIComponent(reviewId)}`;

const authorised = (token: string, body?: unknown): RequestInit => ({
  headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** `GET /api/reviews/:id/votes`: this participant's own votes and remaining budget. */
export function fetchOwnVotes(reviewId: string, participantToken: string): Promise<VotesResponse> {
  return request(`${reviewPath(reviewId)}/votes`, authorised(participantToken), VotesResponse);
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
    { method: 'POST', ...authorised(participantToken, { candidateId, delta }) },
    VotesResponse,
  );
}

/** `PATCH /api/reviews/:id/control` (facilitator): changes the voting state, reveal or budget. */
export function patchControl(
  reviewId: string,
  facilitatorToken: string,
  patch: ControlPatchBody,
): Promise<ControlResponse> {
  return request(
    `${reviewPath(reviewId)}/control`,
    { method: 'PATCH', ...authorised(facilitatorToken, patch) },
    ControlResponse,
  );
}

/** `POST /api/reviews/:id/votes/reset` (facilitator): deletes every vote and hides the tallies. */
export function resetAllVotes(reviewId: string, facilitatorToken: string): Promise<ControlResponse> {
  return request(
    `${reviewPath(reviewId)}/votes/reset`,
    { method: 'POST', ...authorised(facilitatorToken) },
    ControlResponse,
  );
}
