import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  /** The last answer; null until the first one arrives (or while polling is off). */
  value: T | null;
  /** Asks again now. */
  refresh: () => void;
}

/**
 * Asks `fetcher` every `intervalMs` while the page is visible (and at once when it becomes visible
 * again); a failed request keeps the last answer until the next one succeeds. `key` names what is
 * asked: a new key starts over; null stops polling. The latest `fetcher` is used each round, so it
 * need not be stable.
 */
export function usePoll<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
): Polled<T> {
  const [value, setValue] = useState<T | null>(null);
  const [round, setRound] = useState(0);
  const latestFetcher = useRef(fetcher);
  useEffect(() => {
    latestFetcher.current = fetcher;
  });

  useEffect(() => {
    if (key === null) return;
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
        const answer = await latestFetcher.current(abort.signal);
        if (!abort.signal.aborted) setValue(() => answer);
      } catch {
        // unreachable for a moment: keep the last answer, ask again on the next round
      }
      if (stopped || abort.signal.aborted) return;
      inFlight = null;
      timer = setTimeout(() => void poll(), intervalMs);
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
  }, [key, intervalMs, round]);

  const refresh = useCallback(() => setRound((count) => count + 1), []);
  return { value, refresh };
}
