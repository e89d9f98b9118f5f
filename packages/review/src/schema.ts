/**
 * The vocabulary of a review document: every enum and record shape stored in the Y.Doc.
 * Plain data only; the operations that read and write a Y.Doc live in their own modules.
 */

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const REVIEW_STATUSES = ['live', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const ANONYMITY_POLICIES = ['named', 'optional', 'anonymous'] as const;
export type AnonymityPolicy = (typeof ANONYMITY_POLICIES)[number];

/** How held anonymous findings reach the board: all at once when the facilitator reveals, or each after a random delay. */
export const RELEASE_MODES = ['batch', 'live'] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];

export const PHASES = ['timeline', 'findings', 'group', 'vote', 'actions', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

/** Where root-cause voting stands: not yet open, open, closed (can reopen), or locked for good. */
export const VOTING_STATES = ['not-started', 'open', 'closed', 'locked'] as const;
export type VotingState = (typeof VOTING_STATES)[number];

/** The incident's key times; each an ISO 8601 UTC string or absent. */
export const KEY_TIMES = ['started', 'detected', 'mitigated', 'resolved'] as const;
export type KeyTime = (typeof KEY_TIMES)[number];

export const TIMELINE_KINDS = ['detection', 'action', 'decision', 'communication', 'impact', 'other'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const FINDING_CATEGORIES = ['went-well', 'went-wrong', 'lucky', 'contributing-factor'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'wont-do'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];

export const ACTION_TYPES = ['mitigate', 'prevent', 'process'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/**
 * The systemic weaknesses a finding, root cause or action can be filed under: one small shared
 * taxonomy, so a team can see which weakness keeps coming back. The list is data (labels in
 * labels.ts): a team changes it here, and reads skip a stored value that is no longer listed.
 */
export const WEAKNESSES = [
  'monitoring-alerting',
  'testing',
  'deployment-rollback',
  'capacity',
  'dependencies',
  'documentation-runbooks',
  'communication-escalation',
  'access-security',
  'architecture',
  'other',
] as const;
export type Weakness = (typeof WEAKNESSES)[number];

export const NARRATIVE_SECTIONS = ['summary', 'impact', 'detection', 'resolution', 'lessons'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

export interface ReviewMeta {
  title: string;
  severity: Severity;
  status: ReviewStatus;
  /** Key times, ISO 8601 UTC. */
  times: Partial<Record<KeyTime, string>>;
}

/**
 * The facilitator's controls. Stored in the server-owned `control` root: changed only through the
 * API by the facilitator, never by a participant's document update.
 */
export interface ReviewControl {
  anonymity: AnonymityPolicy;
  phase: Phase;
  /** When the current phase's timer ends (ISO 8601 UTC), or null for no timer. */
  phaseEndsAt: string | null;
  votesPerPerson: number;
  /** Most votes one participant may put on one candidate, or null for no cap beyond votesPerPerson. */
  votesPerCandidate: number | null;
  voting: VotingState;
  /** Whether everyone may see the tallies (before, each participant sees only their own votes). */
  votesRevealed: boolean;
  /**
   * Which round of voting this is, from 1. A round's tallies are revealed once: opening voting again
   * after a reveal (or a reset) starts the next round from zero, so two reveals never differ by a few
   * votes that someone could attribute by subtraction.
   */
  votingRound: number;
  /**
   * Votes only from participants who joined through a personal link (one person each); set by the
   * facilitator and enforced by the server (403 `personal_link_required` for everyone else).
   */
  personalVotesOnly: boolean;
  /** How held anonymous findings are released (see RELEASE_MODES). */
  release: ReleaseMode;
  /**
   * Votes per candidate id, written by the server only once votes are revealed (null before):
   * clients rank by it and cannot forge it, since the whole root is server-owned.
   */
  tallies: Record<string, number> | null;
  /** How many people voted in the revealed round, published with the tallies (null before). */
  voters: number | null;
  /** 'closed' once the facilitator closes the review: the server then lets nobody change it. */
  status: ReviewStatus;
  /** When and by whom (the facilitator's display name) it was closed; null while live. */
  closedAt: string | null;
  closedBy: string | null;
}

/**
 * The three questions of a decision's context, in the order they are shown: what the people involved
 * knew at that moment, what they were trying to achieve, and the pressures or constraints on them.
 */
export const CONTEXT_FIELDS = ['known', 'goal', 'pressures'] as const;
export type ContextField = (typeof CONTEXT_FIELDS)[number];
export type EventContext = Record<ContextField, string>;

export interface TimelineEvent {
  id: string;
  /** ISO 8601 UTC. */
  at: string;
  kind: TimelineKind;
  text: string;
  source: string;
  /** When the team learned of it (ISO 8601 UTC), when that differs from `at`; absent when not recorded. */
  learnedAt?: string;
  /** Present for a decision, for an event someone added context to, and whenever a field holds text. */
  context?: EventContext;
}

export interface Finding {
  id: string;
  category: FindingCategory;
  text: string;
  groupId: string | null;
  /** Absent when the finding is anonymous (and for named findings written without one). */
  author?: string;
  /** Who last changed the words of a named finding, when not its author (never set on an anonymous one). */
  editedBy?: string;
  /** Set for a finding published anonymously by the server: nobody, not even the server, knows its author. */
  anonymous?: true;
  /** ISO 8601 UTC; coarse (to the quarter hour) for anonymous findings. */
  createdAt: string;
  /** The systemic weakness it shows; absent when nobody filed it under one. */
  weakness?: Weakness;
}

export interface ActionItem {
  id: string;
  title: string;
  owner: string;
  /** Calendar date YYYY-MM-DD, or empty when not set. */
  due: string;
  status: ActionStatus;
  priority: ActionPriority;
  type: ActionType;
  findingIds: string[];
  /** Root-cause candidates it addresses (candidate ids), deduplicated and restricted to listed candidates. */
  rootCauseIds: string[];
  /** The systemic weakness it fixes; absent when not set. */
  weakness?: Weakness;
  /** A short note on how the fix is going, kept up after the review is closed; '' when none. */
  progress: string;
}
