import { useCallback, useEffect, useRef, useState } from 'react';
import { describeFailure } from '../../app/api';

/** How long a message under a control stays (an error or a confirmation). */
const MESSAGE_MS = 6000;

export interface ControlAction {
  /** True while the request runs. */
  pending: boolean;
  /** The last outcome worth saying, shown briefly next to the control. */
  message: { kind: 'error' | 'done'; text: string } | null;
  /** Runs `work` unless one is already running; a string it returns is shown as a confirmation. */
  run: (work: () => Promise<string | void>) => Promise<void>;
}

/** One facilitator control's request state: pending while it runs, then a short-lived message. */
export function useControlAction(): ControlAction {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<ControlAction['message']>(null);
  const running = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), MESSAGE_MS);
    return () => clearTimeout(timer);
  }, [message]);

  const run = useCallback(async (work: () => Promise<string | void>) => {
    if (running.current) return;
    running.current = true;
    setPending(true);
    setMessage(null);
    try {
      const done = await work();
      if (mounted.current && done) setMessage({ kind: 'done', text: done });
    } catch (error) {
      if (mounted.current) setMessage({ kind: 'error', text: describeFailure(error) });
    } finally {
      running.current = false;
      if (mounted.current) setPending(false);
    }
  }, []);

  return { pending, message, run };
}
