import type { CreateReviewResponse } from '@hindsight/protocol';
import type { Severity } from '@hindsight/review';
import { rememberCreatedReview } from './access';
import { rememberCreatedMyReview } from './my-reviews';
import { appPath, navigate } from './router';

/**
 * After creating a review (from the home page or in a team space): keeps its links and lists it
 * under "My reviews" in this browser, then opens its board for its creator, the facilitator.
 */
export function openCreatedReview(created: CreateReviewResponse, asked: { title: string; severity: Severity }): void {
  rememberCreatedReview(created);
  rememberCreatedMyReview({
    id: created.id,
    title: asked.title,
    severity: asked.severity,
    facilitatorToken: created.tokens.facilitator,
  });
  navigate(appPath(created.links.facilitator));
}
