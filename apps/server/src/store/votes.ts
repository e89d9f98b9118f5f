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
  /** Whether that link is a personal one (one person's), read from the link, never stored here. */
  personal: boolean;
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

/** What is kept of a revealed round: the total per candidate and how many people voted, nobody's own votes. */
export interface VoteResult {
  tallies: Record<string, number>;
  voters: number;
}

/** Participants and their dot votes: the budgets the server enforces and the tallies it publishes. */
export interface VoteStore {
  /**
   * Stores a participant; with `onePerLink`, atomically only if nobody joined through its link yet
   * (a personal link binds to its first participant). Resolves false when refused.
   */
  createParticipant(
    participant: Omit<ParticipantRecord, 'personal'>,
    options?: { onePerLink: boolean },
  ): Promise<boolean>;
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
  /** Every candidate's total in the current round; who voted for what never leaves the store. */
  voteTallies(reviewId: string): Promise<Record<string, number>>;
  /** How many participants hold a vote in the current round. */
  countVoters(reviewId: string): Promise<number>;
  /**
   * Ends the round's secrecy for good, atomically: the per-participant votes are added into the
   * review's kept result and deleted, so from then on nothing ties a vote to a participant. Returns
   * the kept result (idempotent: sealing twice returns the same).
   */
  sealVotes(reviewId: string): Promise<VoteResult>;
  /** The result kept by `sealVotes`, or null while the round is not sealed. */
  sealedResult(reviewId: string): Promise<VoteResult | null>;
  /** Deletes every vote and any kept result: the next round starts from zero. */
  resetVotes(reviewId: string): Promise<void>;
}
