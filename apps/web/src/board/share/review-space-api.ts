import { NO_CONTENT, request, reviewPath, withToken } from '../../app/api';
import { MoveReviewResponse } from '@hindsight/protocol';

/** The facilitator's API calls that put a review into a team space or take it out. */

export interface ReviewSpace {
  id: string;
  name: string;
}

/** `PUT /api/reviews/:id/space`: moves the review into the space whose admin token is given. */
export async function moveReviewToSpace(reviewId: string, token: string, spaceToken: string): Promise<ReviewSpace> {
  const moved = await request(
    `${reviewPath(reviewId)}/space`,
    { method: 'PUT', ...withToken(token, { spaceToken }) },
    MoveReviewResponse,
  );
  return { id: moved.spaceId, name: moved.name };
}

/** `DELETE /api/reviews/:id/space`: the review leaves its space (and stays as it is otherwise). */
export function removeReviewFromSpace(reviewId: string, token: string): Promise<void> {
  return request(`${reviewPath(reviewId)}/space`, { method: 'DELETE', ...withToken(token) }, NO_CONTENT);
}
