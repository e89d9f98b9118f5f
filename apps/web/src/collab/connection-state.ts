import { CloseCode, CloseReason, canWrite, type Role } from '@hindsight/protocol';

/** What the provider has told us about the sync connection so far. */
export interface ConnectionFacts {
  /** The socket's state as the provider reports it. */
  status: 'connecting' | 'connected' | 'disconnected';
  /** True while the document is in sync with the server. */
  synced: boolean;
  /** True once the document has synced at least once: the local copy is then a real replica. */
  everSynced: boolean;
  /** True once this browser's saved copy (IndexedDB) has been loaded into the document. */
  storedLocally: boolean;
  /** The last close the server sent, cleared by the next successful sync. */
  lastClose: { code: number; reason: string } | null;
  /** Set when the server closed for good; the provider no longer reconnects. */
  ended: { code: number; reason: string } | null;
}

/** Facts before the provider has reported anything. */
export const INITIAL_FACTS: ConnectionFacts = {
  status: 'connecting',
  synced: false,
  everSynced: false,
  storedLocally: false,
  lastClose: null,
  ended: null,
};

export type ConnectionStateName = 'connecting' | 'live' | 'read-only' | 'offline' | 'ended';

/** How the connection is shown to a person: a state, a short label and, when useful, a sentence. */
export interface ConnectionView {
  state: ConnectionStateName;
  label: string;
  detail: string | null;
}

/**
 * True for close codes after which reconnecting cannot help: the 44xx range (the server decided,
 * like an HTTP 4xx) and 1009, where the same oversized change would be sent again. Not 4429 (too many
 * updates): the rate starts again on a new connection, whose sync resends the edits it dropped. Not
 * 4408 (slow consumer): the tab fell behind reading; a new connection's sync sends what it missed.
 */
export function isFinalClose(code: number): boolean {
  if (code === CloseCode.TooManyUpdates || code === CloseCode.SlowConsumer) return false;
  return (code >= 4400 && code < 4500) || code === CloseCode.MessageTooBig;
}

/** Derives what to show from the connection facts and the person's role. */
export function describeConnection(facts: ConnectionFacts, role: Role): ConnectionView {
  if (facts.ended) {
    const { code, reason } = facts.ended;
    return { state: 'ended', label: finalCloseLabel(code, reason), detail: explainFinalClose(code, reason) };
  }
  if (!facts.everSynced && facts.storedLocally && facts.lastClose) {
    // Not reached the server in this session, but this browser holds a copy of the review.
    const edits = canWrite(role) ? ' Your edits are kept here and sent when it is back.' : '';
    return {
      state: 'offline',
      label: 'Offline · reconnecting',
      detail: `The server cannot be reached; showing the copy saved in this browser.${edits}`,
    };
  }
  if (!facts.everSynced) {
    return {
      state: 'connecting',
      label: 'Connecting…',
      detail: facts.lastClose ? 'Still trying to reach the server.' : null,
    };
  }
  if (!facts.synced) {
    if (facts.lastClose && isDatabaseUnavailable(facts.lastClose)) {
      const detail = canWrite(role)
        ? 'The server cannot save right now. Your edits are kept here and will be sent when it recovers.'
        : 'The server cannot save right now. The board shows what was saved and updates again when it recovers.';
      return { state: 'offline', label: 'Cannot save · retrying', detail };
    }
    const why = lostBecause(facts.lastClose?.code);
    const edits = canWrite(role) ? ' Your edits are kept here and sent when it is back.' : '';
    return { state: 'offline', label: 'Offline · reconnecting', detail: `${why} Reconnecting…${edits}` };
  }
  if (role === 'follow-up') {
    return {
      state: 'read-only',
      label: 'Follow-up',
      detail: 'You can update the action items’ status, owner, due date and progress; the rest is read-only.',
    };
  }
  if (!canWrite(role)) {
    return {
      state: 'read-only',
      label: 'Read-only',
      detail: 'You are viewing this review; changes by others appear live.',
    };
  }
  return { state: 'live', label: 'Live', detail: null };
}

/** Abnormal closure: the socket ended without a close frame, e.g. a refused reconnect (its HTTP status is hidden). */
const ABNORMAL_CLOSURE = 1006;

function isDatabaseUnavailable(close: { code: number; reason: string }): boolean {
  return close.code === CloseCode.InternalError && close.reason === CloseReason.DatabaseUnavailable;
}

/**
 * The facts after the server closed the socket with `close`. A close saying the server cannot
 * save (its database is unreachable) is kept over the abnormal closures of the reconnects it then
 * refuses (HTTP 503, which a browser reports as 1006 and nothing more), so the board keeps saying
 * why until the next sync clears it.
 */
export function afterClose(facts: ConnectionFacts, close: { code: number; reason: string }): ConnectionFacts {
  const keep = facts.lastClose && isDatabaseUnavailable(facts.lastClose) && close.code === ABNORMAL_CLOSURE;
  return keep ? facts : { ...facts, lastClose: close };
}

/** Why a synced connection was lost, in one sentence. */
function lostBecause(code: number | undefined): string {
  if (code === CloseCode.GoingAway) return 'The server is restarting.';
  if (code === CloseCode.TooManyUpdates) return 'The server paused this tab: it sent too many changes at once.';
  if (code === CloseCode.SlowConsumer) return 'This tab fell behind the changes the server sent.';
  return 'The connection was lost.';
}

/** The pill's words after a final close: what ended, in two words. */
function finalCloseLabel(code: number, reason: string): string {
  if (code === CloseCode.Unauthorized && reason === 'revoked') return 'Link revoked';
  if (code === CloseCode.Unauthorized && reason === 'expired') return 'Link expired';
  if (code === CloseCode.DocumentFull) return 'Review full';
  return 'Disconnected';
}

// The server's close reason says which: 'revoked' (the facilitator revoked the link) or 'expired'.
function explainFinalClose(code: number, reason: string): string {
  switch (code) {
    case CloseCode.Unauthorized:
      if (reason === 'revoked') {
        return 'This link was revoked by the facilitator, so the board no longer updates and cannot be edited. Ask the facilitator for a new link.';
      }
      if (reason === 'expired') {
        return 'This link has expired, so the board no longer updates and cannot be edited. Ask the facilitator for a new link.';
      }
      return 'Your access to this review has ended: the link was revoked or has expired. Ask the facilitator for a new link.';
    case CloseCode.Forbidden:
      return 'This link does not give access to this review any more. Ask the facilitator for a new link.';
    case CloseCode.DocumentFull:
      return 'This review has reached its size limit: nothing more you write can be saved, and your last change was not. Ask the facilitator to make room by deleting content, then reload the page.';
    case CloseCode.MessageTooBig:
      return 'A change was too large for the server to accept. Reload the page to continue; the last change may be lost.';
    default:
      return `The server closed the connection (code ${code}). Reload the page to try again.`;
  }
}
