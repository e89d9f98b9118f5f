import { useEffect, useState } from 'react';
import { fetchReviewSpace, type ReviewSpace } from './review-space-api';

export interface ReviewSpaceState {
  /** The review's team space; null when in none; undefined until the server answered (or if it could not). */
  space: ReviewSpace | null | undefined;
  /** Sets it after the facilitator moved the review (the server's answer). */
  setSpace: (space: ReviewSpace | null) => void;
}

/** The review's team space, asked once for the facilitator (only they are told). */
export function useReviewSpace(reviewId: string, token: string, facilitator: boolean): ReviewSpaceState {
  const [space, setSpace] = useState<ReviewSpace | null | undefined>(undefined);
  useEffect(() => {
    if (!facilitator) return;
    const abort = new AbortController();
    fetchReviewSpace(reviewId, token, abort.signal).then(setSpace, () => undefined);
    return () => abort.abort();
  }, [reviewId, token, facilitator]);
  return { space, setSpace };
}
