import {
  ControlResponse,
  HeldFindingsResponse,
  RevealFindingsResponse,
  type ControlPatchBody,
} from '@hindsight/protocol';
import { ApiError, request, reviewPath, withToken } from '../../app/api';
import type { BoardSession } from '../section';

/** The facilitator's API calls from the board head. Each needs the facilitator's link token. */

const pathOf = (session: BoardSession) => reviewPath(session.reviewId);

/**
 * `PATCH /api/reviews/:id/control`: changes the phase, timer, anonymity policy or release mode.
 * The new controls reach every browser through the document; the response is the same state.
 */
export function updateControl(session: BoardSession, patch: ControlPatchBody): Promise<ControlResponse> {
  return request(
    `${pathOf(session)}/control`,
    { method: 'PATCH', ...withToken(session.token, patch) },
    ControlResponse,
  );
}

/**
 * `GET /api/reviews/:id/anonymous-findings/held`: how many anonymous findings wait for the reveal,
 * or null when this server has no such route (an older server): the count is then not shown.
 */
export async function fetchHeldCount(session: BoardSession, signal?: AbortSignal): Promise<number | null> {
  try {
    const { held } = await request(
      `${pathOf(session)}/anonymous-findings/held`,
      { ...withToken(session.token), ...(signal ? { signal } : {}) },
      HeldFindingsResponse,
    );
    return held;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

/** `POST /api/reviews/:id/anonymous-findings/reveal`: publishes every held finding; how many it published. */
export async function revealHeldFindings(session: BoardSession): Promise<number> {
  const { revealed } = await request(
    `${pathOf(session)}/anonymous-findings/reveal`,
    { method: 'POST', ...withToken(session.token) },
    RevealFindingsResponse,
  );
  return revealed;
}

/** `POST /api/reviews/:id/close`: closes the review for everyone, recording the facilitator's name. */
export function closeReview(session: BoardSession, closedBy: string): Promise<ControlResponse> {
  return request(
    `${pathOf(session)}/close`,
    { method: 'POST', ...withToken(session.token, { closedBy }) },
    ControlResponse,
  );
}

/** `POST /api/reviews/:id/reopen`: makes a closed review editable again. */
export function reopenReview(session: BoardSession): Promise<ControlResponse> {
  return request(`${pathOf(session)}/reopen`, { method: 'POST', ...withToken(session.token) }, ControlResponse);
}
