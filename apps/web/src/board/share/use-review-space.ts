import { useState } from 'react';
import type { ReviewSpace } from './review-space-api';

export interface ReviewSpaceState {
  /** The review's team space; null when in none; undefined when not told (only the facilitator is). */
  space: ReviewSpace | null | undefined;
  /** Sets it after the facilitator moved the review (the server's answer). */
  setSpace: (space: ReviewSpace | null) => void;
}

/** The review's team space as `GET /api/reviews/:id` told the facilitator, then as they move it. */
export function useReviewSpace(initial: ReviewSpace | null | undefined): ReviewSpaceState {
  const [space, setSpace] = useState(initial);
  return { space, setSpace };
}
