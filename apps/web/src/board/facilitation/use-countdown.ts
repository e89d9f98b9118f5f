import { useEffect, useReducer } from 'react';
import { msUntilNextTick, remainingMs } from './timer';

/**
 * Milliseconds left until `endsAt` on this browser's wall clock (null without a timer), re-rendering
 * exactly when the shown second changes and not at all once the time is up.
 */
export function useCountdown(endsAt: string | null): number | null {
  const [, tick] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const left = remainingMs(endsAt, Date.now());
      if (left === null || left <= 0) return;
      // a few ms past the boundary, so the next render lands in the next second for sure
      timer = setTimeout(
        () => {
          tick();
          schedule();
        },
        msUntilNextTick(left) + 5,
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }, [endsAt]);
  // Read in render, so a timer set long after mounting starts from the right value at once.
  return remainingMs(endsAt, Date.now());
}
