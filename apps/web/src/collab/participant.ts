import { JoinResponse, type Role } from '@hindsight/protocol';
import { request, reviewPath, withToken } from '../app/api';

/**
 * This browser's participant identity for a review: a personal token the server issues on joining
 * (`POST /api/reviews/:id/participants`) and knows only by its hash. It is kept in localStorage, so
 * every tab of this browser is the same participant: one vote budget, one set of own anonymous
 * findings. The server stores nothing about the person behind it.
 */

interface StoredParticipant {
  token: string;
  role: Role;
}

const key = (reviewId: string) => `hindsight:participant:${reviewId}`;
const joining = new Map<string, Promise<string>>();

function readStored(reviewId: string): StoredParticipant | null {
  try {
    const parsed = JoinResponse.safeParse(JSON.parse(localStorage.getItem(key(reviewId)) ?? 'null'));
    return parsed.success ? { token: parsed.data.participantToken, role: parsed.data.role } : null;
  } catch {
    return null;
  }
}

/**
 * The participant token for `reviewId`, joining with `linkToken` the first time (or again when the
 * link's role differs from the one joined with). Concurrent callers share one join request.
 */
export function ensureParticipant(reviewId: string, linkToken: string, role: Role): Promise<string> {
  const stored = readStored(reviewId);
  if (stored && stored.role === role) return Promise.resolve(stored.token);
  const inFlight = joining.get(reviewId);
  if (inFlight) return inFlight;
  const join = exclusively(key(reviewId), async () => {
    // Another tab may have joined while this one waited for the lock.
    const joinedMeanwhile = readStored(reviewId);
    if (joinedMeanwhile && joinedMeanwhile.role === role) return joinedMeanwhile.token;
    const joined = await request(
      `${reviewPath(reviewId)}/participants`,
      { method: 'POST', ...withToken(linkToken) },
      JoinResponse,
    );
    try {
      localStorage.setItem(key(reviewId), JSON.stringify(joined));
    } catch {
      // storage full or blocked: this tab keeps working with an identity of its own
    }
    return joined.participantToken;
  }).finally(() => joining.delete(reviewId));
  joining.set(reviewId, join);
  return join;
}

/**
 * Runs `task` while holding a lock shared by every tab of this browser (Web Locks), so two tabs
 * opened at the same moment join once and share one vote budget. Without Web Locks, just runs it.
 */
function exclusively<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request(name, task) as Promise<T>) : task();
}

/** Forgets the stored identity (after the server refused it), so the next call joins again. */
export function forgetParticipant(reviewId: string): void {
  try {
    localStorage.removeItem(key(reviewId));
  } catch {
    // nothing stored
  }
}
