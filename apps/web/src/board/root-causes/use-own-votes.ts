import { useCallback, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { VotesResponse } from '@hindsight/protocol';
import { observeControl, readControl } from '@hindsight/review';
import { ApiError } from '../../app/api';
import { ensureParticipant, forgetParticipant } from '../../collab/participant';
import type { BoardSession } from '../section';
import { castVote, fetchOwnVotes } from './votes-api';

/** This participant's own votes, as the server holds them. */
export interface OwnVotes {
  /** Own votes by candidate id; empty until loaded. */
  mine: Readonly<Record<string, number>>;
  /** Unused budget; null until loaded. */
  remaining: number | null;
  /** How many have voted this round, when the server tells this participant (the facilitator); else null. */
  voters: number | null;
  /** The server's words after a refused or failed request, shown for a few seconds. */
  message: string | null;
  /** Adds (+1) or withdraws (-1) one vote; the server enforces the budget. */
  cast(candidateId: string, delta: 1 | -1): Promise<void>;
  /** Shows `text` in place of the message for a few seconds. */
  flash(text: string): void;
}

const MESSAGE_MS = 4000;
/** How often the facilitator's count of voters is refreshed while voting is open (others' votes write nothing to the document). */
const VOTERS_POLL_MS = 3000;
const NONE: Readonly<Record<string, number>> = {};

/**
 * Own votes live on the server (never in the shared document), so they are fetched once voting has
 * started: on mount, when the server writes the controls (opening, closing, a reveal, a budget
 * change, a reset: anything but a live tally update), when another tab of this browser voted (one
 * participant per browser, so one budget), and when the window regains focus. With `enabled` false
 * (viewers) nothing is fetched.
 */
export function useOwnVotes(doc: Y.Doc, session: BoardSession, enabled: boolean): OwnVotes {
  const { reviewId, token, role } = session;
  const [votes, setVotes] = useState<{
    mine: Readonly<Record<string, number>>;
    remaining: number | null;
    voters: number | null;
  }>({ mine: NONE, remaining: null, voters: null });
  const [message, setMessage] = useState<string | null>(null);
  // Answers can arrive out of order: only one to a request issued later than the shown one applies.
  const tickets = useRef({ issued: 0, shown: 0 });
  const refreshing = useRef({ running: false, again: false });
  const channel = useRef<BroadcastChannel | null>(null);

  const request = useCallback(
    async (call: (participantToken: string) => Promise<VotesResponse>): Promise<void> => {
      const ticket = ++tickets.current.issued;
      const answer = await asParticipant(reviewId, token, role, call);
      if (ticket < tickets.current.shown) return;
      tickets.current.shown = ticket;
      setVotes({ mine: answer.mine, remaining: answer.remaining, voters: answer.voters ?? null });
    },
    [reviewId, token, role],
  );

  // One fetch at a time; triggers that arrive meanwhile cause one more afterwards.
  const refresh = useCallback(() => {
    // Nobody needs a participant identity for a vote that has not started.
    if (readControl(doc).voting === 'not-started') return;
    const state = refreshing.current;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    request((participantToken) => fetchOwnVotes(reviewId, participantToken))
      .catch(() => undefined) // offline: the last known votes stay; the connection badge says why
      .finally(() => {
        state.running = false;
        if (state.again) {
          state.again = false;
          refresh();
        }
      });
  }, [doc, request, reviewId]);

  useEffect(() => {
    if (!enabled) return;
    refresh();
    // The controls are written by the server alone; observing the root (not only the derived
    // values) also catches a reset that leaves every value as it was.
    const stopObserving = observeControl(doc, refresh);
    const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`hindsight:votes:${reviewId}`);
    if (tabs) tabs.onmessage = () => refresh();
    channel.current = tabs;
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopObserving();
      tabs?.close();
      channel.current = null;
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [doc, enabled, refresh, reviewId]);

  useEffect(() => {
    if (!enabled || role !== 'facilitator') return;
    const timer = window.setInterval(() => {
      if (readControl(doc).voting === 'open') refresh();
    }, VOTERS_POLL_MS);
    return () => window.clearInterval(timer);
  }, [doc, enabled, refresh, role]);

  useEffect(() => {
    if (message === null) return;
    const timer = window.setTimeout(() => setMessage(null), MESSAGE_MS);
    return () => window.clearTimeout(timer);
  }, [message]);

  const cast = useCallback(
    async (candidateId: string, delta: 1 | -1) => {
      try {
        await request((participantToken) => castVote(reviewId, participantToken, candidateId, delta));
        channel.current?.postMessage('changed');
      } catch (error) {
        setMessage(error instanceof Error ? error.message : String(error));
        refresh();
      }
    },
    [request, refresh, reviewId],
  );

  return {
    mine: votes.mine,
    remaining: enabled ? votes.remaining : null,
    voters: enabled ? votes.voters : null,
    message,
    cast,
    flash: setMessage,
  };
}

/** Calls the API as this browser's participant, joining again once if the server no longer knows it. */
async function asParticipant<T>(
  reviewId: string,
  linkToken: string,
  role: BoardSession['role'],
  call: (participantToken: string) => Promise<T>,
): Promise<T> {
  const participantToken = await ensureParticipant(reviewId, linkToken, role);
  try {
    return await call(participantToken);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    forgetParticipant(reviewId);
    return call(await ensureParticipant(reviewId, linkToken, role));
  }
}
