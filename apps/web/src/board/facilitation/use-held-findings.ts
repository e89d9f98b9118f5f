import { usePoll } from '../../app/use-poll';
import type { BoardSession } from '../section';
import { fetchHeldCount } from './control-api';

/** How often the facilitator's page asks how many anonymous findings are held. */
export const HELD_POLL_MS = 5000;

export interface HeldFindings {
  /** How many anonymous findings wait for the reveal; null while unknown or when the server cannot say. */
  held: number | null;
  /** Asks again now (after a reveal). */
  refresh: () => void;
}

/**
 * The count of held anonymous findings, asked every few seconds while the page is visible (and
 * at once when it becomes visible again). A server without the route answers 404: the count is
 * then simply not shown; a failed request keeps the last count until the next one succeeds.
 */
export function useHeldFindings(session: BoardSession): HeldFindings {
  const { reviewId, token, role } = session;
  const { value, refresh } = usePoll(
    `${reviewId} ${token} ${role}`,
    (signal) => fetchHeldCount({ reviewId, token, role }, signal),
    HELD_POLL_MS,
  );
  return { held: value, refresh };
}
