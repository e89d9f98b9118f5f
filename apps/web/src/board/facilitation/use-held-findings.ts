import { useCallback, useEffect, useState } from 'react';
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
  const [held, setHeld] = useState<number | null>(null);
  const [round, setRound] = useState(0);
  const { reviewId, token, role } = session;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | null = null;

    const poll = async () => {
      clearTimeout(timer);
      inFlight?.abort();
      if (document.visibilityState !== 'visible') return; // resumed by visibilitychange
      const abort = new AbortController();
      inFlight = abort;
      try {
        const count = await fetchHeldCount({ reviewId, token, role }, abort.signal);
        if (!abort.signal.aborted) setHeld(count);
      } catch {
        // unreachable for a moment: keep the last count, ask again on the next round
      }
      if (stopped || abort.signal.aborted) return;
      inFlight = null;
      timer = setTimeout(() => void poll(), HELD_POLL_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void poll();
      else clearTimeout(timer);
    };

    document.addEventListener('visibilitychange', onVisibility);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [reviewId, token, role, round]);

  const refresh = useCallback(() => setRound((count) => count + 1), []);
  return { held, refresh };
}
