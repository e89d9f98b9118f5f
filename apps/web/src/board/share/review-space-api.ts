import { NO_CONTENT, request, reviewPath, withToken } from '../../app/api';
import { MoveToSpaceResponse, ReviewSpaceField } from '../../space/space-schemas';

/** The facilitator's API calls that put a review into a team space or take it out. */

export interface ReviewSpace {
  id: string;
  name: string;
}

/** The team space the review belongs to (as `GET /api/reviews/:id` tells its facilitator), or null. */
export async function fetchReviewSpace(
  reviewId: string,
  token: string,
  signal?: AbortSignal,
): Promise<ReviewSpace | null> {
  const info = await request(
    reviewPath(reviewId),
    { ...withToken(token), ...(signal ? { signal } : {}) },
    ReviewSpaceField,
  );
  return info.space ?? null;
}

/** `PUT /api/reviews/:id/space`: moves the review into the space whose admin token is given. */
export async function moveReviewToSpace(reviewId: string, token: string, spaceToken: string): Promise<ReviewSpace> {
  const moved = await request(
    `${reviewPath(reviewId)}/space`,
    { method: 'PUT', ...withToken(token, { spaceToken }) },
    MoveToSpaceResponse,
  );
  return { id: moved.spaceId, name: moved.name };
}

/** `DELETE /api/reviews/:id/space`: the review leaves its space (and stays as it is otherwise). */
export function removeReviewFromSpace(reviewId: string, token: string): Promise<void> {
  return request(`${reviewPath(reviewId)}/space`, { method: 'DELETE', ...withToken(token) }, NO_CONTENT);
}
