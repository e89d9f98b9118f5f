import type { Role } from '@hindsight/protocol';

/** A person who joined a review through one of its links: the identity behind vote budgets. */
export interface ParticipantRecord {
  id: string;
  reviewId: string;
  /** Hash of the participant's own secret token, held by their browser. */
  tokenHash: string;
  /** The role of the link they joined with. */
  role: Role;
  /** Id of the link they joined with (null for participants from before links had ids). */
  linkId: string | null;
  createdAt: string;
}

/** The budget a vote change must respect. */
export interface VoteLimits {
  /** Votes one participant may place in all. */
  perPerson: number;
  /** Votes one participant may place on one candidate; null for no cap beyond perPerson. */
  perCandidate: number | null;
}

export type VoteChange =
  | { ok: true; mine: Record<string, number> }
  | { ok: false; reason: 'budget_exhausted' | 'candidate_cap' | 'nothing_to_withdraw'; mine: Record<string, number> };

/** Participants and their dot votes: the budgets the server enforces and the tallies it publishes. */
export interface VoteStore {
  createParticipant(participant: ParticipantRecord): Promise<void>;
  /**
   * The participant with this token hash, or null, also once the link they joined with is revoked
   * or expired (as of `now`, default the current time): an identity lasts only as long as its link.
   */
  findParticipant(tokenHash: string, now?: string): Promise<ParticipantRecord | null>;
  /**
   * Adds (+1) or withdraws (-1) one vote of a participant on a candidate, atomically against the
   * limits: however many requests race, a participant never holds more than the budget.
   */
  changeVote(
    reviewId: string,
    participantId: string,
    candidateId: string,
    delta: 1 | -1,
    limits: VoteLimits,
  ): Promise<VoteChange>;
  /** One participant's votes by candidate. */
  votesOf(reviewId: string, participantId: string): Promise<Record<string, number>>;
  /** Every candidate's total; who voted for what never leaves the store. */
  voteTallies(reviewId: string): Promise<Record<string, number>>;
  resetVotes(reviewId: string): Promise<void>;
}
