import type { ReviewInfoResponse } from '@hindsight/protocol';
import { fetchReview } from '../../app/api';
import { usePoll } from '../../app/use-poll';
import type { BoardSession } from '../section';

/** How often the facilitator's page asks whether the review has reached its size limit. */
export const FULL_POLL_MS = 5000;

type Full = NonNullable<ReviewInfoResponse['full']>;

/** A size in KiB below 1 MiB (the smallest cap is 64 KiB), else in MiB. */
const readableBytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/**
 * The facilitator's notice that the review is full: the server refuses every change that adds
 * content (an editor who tries is disconnected with 4413), so the facilitator learns why writing
 * stopped and what makes room. Only the facilitator's summary says so (`full` in
 * `GET /api/reviews/:id`), asked every few seconds, since it is not in the shared document.
 */
export function DocumentFullBanner({ session, initial }: { session: BoardSession; initial: Full | undefined }) {
  const { reviewId, token, role } = session;
  const facilitator = role === 'facilitator';
  const { value } = usePoll(
    facilitator ? `${reviewId} ${token}` : null,
    (signal) => fetchReview(reviewId, token, signal),
    FULL_POLL_MS,
  );
  const full = value ? value.full : initial;
  if (!facilitator || !full) return null;
  return (
    <div className="banner banner--danger" role="alert" data-testid="document-full-banner">
      <p>
        <strong>This review has reached its size limit</strong> ({readableBytes(full.documentBytes)} stored of{' '}
        {readableBytes(full.maxDocumentBytes)}). The server refuses new content from everyone, so nothing more anyone
        writes can be saved, and editors who try are disconnected. Deleting content (long pasted logs, for example)
        makes room once the server next compacts the review: after further changes, or when everyone has left it.
      </p>
    </div>
  );
}
