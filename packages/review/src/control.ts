import type * as Y from 'yjs';
import { ANONYMITY_POLICIES, PHASES, RELEASE_MODES, REVIEW_STATUSES, VOTING_STATES } from './schema';
import type { AnonymityPolicy, Phase, ReleaseMode, ReviewControl, VotingState } from './schema';
import { controlMap, enumOr } from './doc';
import {
  checkEnum,
  checkInteger,
  checkIsoTimestamp,
  checkObject,
  checkString,
  parseIsoTimestamp,
  REVIEW_LIMITS,
  ReviewInputError,
} from './validate';

/** Controls of a review whose facilitator has not changed any. */
export const CONTROL_DEFAULTS: ReviewControl = {
  anonymity: 'named',
  phase: 'timeline',
  phaseEndsAt: null,
  votesPerPerson: 3,
  votesPerCandidate: null,
  voting: 'not-started',
  votesRevealed: false,
  votingRound: 1,
  personalVotesOnly: false,
  release: 'batch',
  tallies: null,
  voters: null,
  status: 'live',
  closedAt: null,
  closedBy: null,
};

/**
 * Calls `onChange` with the changed keys after each transaction that changes the controls (and only
 * then: typing elsewhere in the review does not wake it). Returns the unsubscribe function.
 */
export function observeControl(doc: Y.Doc, onChange: (changedKeys: ReadonlySet<string>) => void): () => void {
  const control = controlMap(doc);
  // Every control value is plain data, so a shallow observer sees every change.
  const handler = (event: Y.YMapEvent<unknown>) => onChange(event.keysChanged);
  control.observe(handler);
  return () => control.unobserve(handler);
}

/** The facilitator's controls as plain data; missing or malformed fields read as their defaults. */
export function readControl(doc: Y.Doc): ReviewControl {
  const control = controlMap(doc);
  const votes = voteCount(control.get('votesPerPerson'));
  const cap = voteCount(control.get('votesPerCandidate'));
  const endsAt = control.get('phaseEndsAt');
  const closedAt = control.get('closedAt');
  const closedBy = control.get('closedBy');
  return {
    anonymity: enumOr(control.get('anonymity'), ANONYMITY_POLICIES, CONTROL_DEFAULTS.anonymity),
    phase: enumOr(control.get('phase'), PHASES, CONTROL_DEFAULTS.phase),
    phaseEndsAt: typeof endsAt === 'string' ? (parseIsoTimestamp(endsAt) ?? null) : null,
    votesPerPerson: votes ?? CONTROL_DEFAULTS.votesPerPerson,
    votesPerCandidate: cap ?? null,
    voting: enumOr(control.get('voting'), VOTING_STATES, CONTROL_DEFAULTS.voting),
    votesRevealed: control.get('votesRevealed') === true,
    votingRound: positiveInteger(control.get('votingRound')) ?? CONTROL_DEFAULTS.votingRound,
    personalVotesOnly: control.get('personalVotesOnly') === true,
    release: enumOr(control.get('release'), RELEASE_MODES, CONTROL_DEFAULTS.release),
    tallies: readTallies(control.get('tallies')),
    voters: countOrNull(control.get('voters')),
    status: enumOr(control.get('status'), REVIEW_STATUSES, CONTROL_DEFAULTS.status),
    closedAt: typeof closedAt === 'string' ? (parseIsoTimestamp(closedAt) ?? null) : null,
    closedBy: typeof closedBy === 'string' ? closedBy : null,
  };
}

// A tally map is plain data: candidate id → non-negative integer; anything else reads as none.
function readTallies(value: unknown): Record<string, number> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const tallies: Record<string, number> = {};
  for (const [id, count] of Object.entries(value as Record<string, unknown>)) {
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0) tallies[id] = count;
  }
  return tallies;
}

/**
 * Publishes the vote tallies (server only), or withdraws them with null. Stored as one plain
 * value so a reveal replaces the whole ranking atomically.
 */
export function writeTallies(doc: Y.Doc, tallies: Record<string, number> | null): void {
  const clean = tallies === null ? null : readTallies(tallies);
  controlMap(doc).set('tallies', clean);
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/**
 * Publishes how many people voted in the revealed round beside its tallies (server only), or
 * withdraws it with null.
 */
export function writeVoters(doc: Y.Doc, voters: number | null): void {
  controlMap(doc).set('voters', voters === null ? null : (countOrNull(voters) ?? null));
}

/**
 * Server only: starts the next round of voting from zero, with its tallies hidden. The votes of the
 * round before are the server's to drop (they were already reduced to the tallies at its reveal).
 */
export function beginVotingRound(doc: Y.Doc): void {
  doc.transact(() => {
    const control = controlMap(doc);
    control.set('votingRound', readControl(doc).votingRound + 1);
    control.set('votesRevealed', false);
    control.set('tallies', null);
    control.set('voters', null);
  });
}

function voteCount(value: unknown): number | undefined {
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= REVIEW_LIMITS.votesPerPersonMin &&
    value <= REVIEW_LIMITS.votesPerPersonMax
    ? value
    : undefined;
}

/** Fields a facilitator may change at once. */
export interface ControlPatch {
  anonymity?: AnonymityPolicy;
  phase?: Phase;
  phaseEndsAt?: string | null;
  votesPerPerson?: number;
  votesPerCandidate?: number | null;
  voting?: VotingState;
  votesRevealed?: boolean;
  personalVotesOnly?: boolean;
  release?: ReleaseMode;
}

/**
 * Applies a facilitator's change to the controls, validated, in one transaction. Only the server
 * calls this (on its own copy of the document): clients cannot write the `control` root.
 */
export function applyControlPatch(doc: Y.Doc, patch: ControlPatch): void {
  checkObject('control patch', patch);
  const { votesPerPersonMin: min, votesPerPersonMax: max } = REVIEW_LIMITS;
  const next: Partial<Record<keyof ControlPatch, unknown>> = {};
  if (patch.anonymity !== undefined) next.anonymity = checkEnum('anonymity', patch.anonymity, ANONYMITY_POLICIES);
  if (patch.phase !== undefined) next.phase = checkEnum('phase', patch.phase, PHASES);
  if (next.phase === 'closed') throw new ReviewInputError('close the review instead of moving it to the closed phase');
  if (patch.phaseEndsAt !== undefined) {
    next.phaseEndsAt = patch.phaseEndsAt === null ? null : checkIsoTimestamp('phaseEndsAt', patch.phaseEndsAt);
  }
  if (patch.votesPerPerson !== undefined)
    next.votesPerPerson = checkInteger('votesPerPerson', patch.votesPerPerson, min, max);
  if (patch.votesPerCandidate !== undefined) {
    next.votesPerCandidate =
      patch.votesPerCandidate === null ? null : checkInteger('votesPerCandidate', patch.votesPerCandidate, min, max);
  }
  if (patch.voting !== undefined) next.voting = checkEnum('voting', patch.voting, VOTING_STATES);
  if (patch.votesRevealed !== undefined) {
    if (typeof patch.votesRevealed !== 'boolean') throw new ReviewInputError('votesRevealed must be true or false');
    next.votesRevealed = patch.votesRevealed;
  }
  if (patch.personalVotesOnly !== undefined) {
    if (typeof patch.personalVotesOnly !== 'boolean') {
      throw new ReviewInputError('personalVotesOnly must be true or false');
    }
    next.personalVotesOnly = patch.personalVotesOnly;
  }
  if (patch.release !== undefined) next.release = checkEnum('release', patch.release, RELEASE_MODES);
  doc.transact(() => {
    const control = controlMap(doc);
    for (const [key, value] of Object.entries(next)) control.set(key, value);
  });
}

/**
 * Server only: closes the review. From then on the server treats every connection as read-only;
 * `by` is the facilitator's display name (never an anonymous author's), `at` an ISO time.
 */
export function closeReview(doc: Y.Doc, closing: { by: string; at: string }): void {
  const by = checkString('closedBy', closing.by, REVIEW_LIMITS.labelMaxLength);
  const at = checkIsoTimestamp('closedAt', closing.at);
  doc.transact(() => {
    const control = controlMap(doc);
    control.set('status', 'closed');
    control.set('closedAt', at);
    control.set('closedBy', by);
    control.set('phase', 'closed');
    control.set('phaseEndsAt', null);
  });
}

/** Server only: reopens a closed review for editing, back in the action-items phase. */
export function reopenReview(doc: Y.Doc): void {
  doc.transact(() => {
    const control = controlMap(doc);
    control.set('status', 'live');
    control.set('closedAt', null);
    control.set('closedBy', null);
    control.set('phase', 'actions');
  });
}
