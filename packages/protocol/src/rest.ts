import { z } from 'zod';
import {
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  ACTION_TYPES,
  ANONYMITY_POLICIES,
  FINDING_CATEGORIES,
  isDueDate,
  PHASES,
  RELEASE_MODES,
  REVIEW_LIMITS,
  SEVERITIES,
  VOTING_STATES,
} from '@hindsight/review';
import { ROLES } from './roles';
import { TITLE_MAX_LENGTH } from './limits';

/** Body of `POST /api/reviews`. */
export const CreateReviewBody = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty').max(TITLE_MAX_LENGTH),
    severity: z.enum(SEVERITIES).optional(),
  })
  .strict();
export type CreateReviewBody = z.infer<typeof CreateReviewBody>;

const RoleLinks = z.object({ facilitator: z.string(), edit: z.string(), view: z.string() });

/** Response of `POST /api/reviews` (201). `linkIds`: the links' public ids, for listing and revoking. */
export const CreateReviewResponse = z.object({
  id: z.string(),
  links: RoleLinks,
  tokens: RoleLinks,
  linkIds: RoleLinks.optional(),
});
export type CreateReviewResponse = z.infer<typeof CreateReviewResponse>;

/** Response of `GET /api/reviews/:id`. */
export const ReviewInfoResponse = z.object({
  id: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(['live', 'closed']),
  createdAt: z.string(),
  role: z.enum(ROLES),
  /**
   * Facilitator only, and only when some stored updates of the review could not be applied and
   * were quarantined (kept aside, never deleted): how many. Never their content.
   */
  degraded: z.object({ quarantinedUpdates: z.number().int().positive() }).optional(),
  /**
   * Facilitator only, and only once the server refused a change for taking the stored document past
   * its size cap: editors' further changes are refused (close 4413) until the document shrinks.
   */
  full: z
    .object({ documentBytes: z.number().int().nonnegative(), maxDocumentBytes: z.number().int().positive() })
    .optional(),
  /** Facilitator only: the team space the review belongs to, or null (moved with `PUT …/space`). */
  space: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
});
export type ReviewInfoResponse = z.infer<typeof ReviewInfoResponse>;

/**
 * Every error response: `{ error: { code, message } }`. A `401 expired` also carries `expiredAt`,
 * the UTC ISO time the link stopped working, so a client can show it in its reader's own terms; a
 * `429 rate_limited` carries `retryAfterSeconds` (also in its `Retry-After` header).
 */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    expiredAt: z.string().optional(),
    retryAfterSeconds: z.number().int().positive().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Response of `POST /api/reviews/:id/participants` (201): the caller's own participant token. */
export const JoinResponse = z.object({ participantToken: z.string(), role: z.enum(ROLES) });
export type JoinResponse = z.infer<typeof JoinResponse>;

/**
 * The kinds of share link: each grants one role (facilitator, editor, follow-up, viewer). A personal
 * link is an edit link for one person: the first join through it binds it, and a second is refused.
 * A follow-up link reads the board and changes only action items' status, owner, due date and
 * progress note, also after the review is closed.
 */
export const LINK_KINDS = ['facilitator', 'edit', 'follow-up', 'view', 'personal'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** A link's public id: 16 url-safe characters (96 random bits), unrelated to its token. */
export const LINK_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/** How far ahead a link's expiry may be set. */
export const LINK_MAX_LIFETIME_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * When a new link stops working: an ISO 8601 time in the future, at most `LINK_MAX_LIFETIME_MS`
 * ahead (judged by the clock of whoever parses it; the server's is the one that counts).
 */
export const LinkExpiry = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), 'expiresAt must be in the future')
  .refine((value) => Date.parse(value) <= Date.now() + LINK_MAX_LIFETIME_MS, 'expiresAt must be at most a year ahead');

/** Longest label a link may carry (after trimming). */
export const LINK_LABEL_MAX_LENGTH = 60;

/**
 * A facilitator's name for a link ("Sam's team"), so links of one kind can be told apart: trimmed,
 * 1-60 characters, no control characters. Only the facilitator sees it.
 */
export const LinkLabel = z
  .string()
  .trim()
  .min(1, 'label must not be empty')
  .max(LINK_LABEL_MAX_LENGTH, `label must be at most ${LINK_LABEL_MAX_LENGTH} characters`)
  .regex(/^\P{Cc}*$/u, 'label must not contain control characters');

/**
 * Body of `POST /api/reviews/:id/links` (facilitator only): which kind of link to issue (another
 * facilitator link makes a co-facilitator), optionally a label, and optionally when it expires
 * (absent or null: never).
 */
export const IssueLinkBody = z
  .object({
    kind: z.enum(LINK_KINDS),
    label: LinkLabel.nullable().optional(),
    expiresAt: LinkExpiry.nullable().optional(),
  })
  .strict();
export type IssueLinkBody = z.infer<typeof IssueLinkBody>;

/** Response of `POST /api/reviews/:id/links` (201): a new link, beside the ones already issued. */
export const IssueLinkResponse = z.object({
  id: z.string(),
  kind: z.enum(LINK_KINDS),
  /** The facilitator's label for it, or null. */
  label: z.string().nullable(),
  link: z.string(),
  token: z.string(),
  /** UTC ISO time the link expires, or null for never. */
  expiresAt: z.string().nullable(),
});
export type IssueLinkResponse = z.infer<typeof IssueLinkResponse>;

/**
 * One link of a review as the facilitator sees it: never its token or hash (only hashes are
 * stored, so a link cannot be shown again). `active` is false once revoked or expired.
 */
export const ShareLinkInfo = z.object({
  id: z.string(),
  kind: z.enum(LINK_KINDS),
  /** The facilitator's label for it, or null. */
  label: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
});
export type ShareLinkInfo = z.infer<typeof ShareLinkInfo>;

/** Response of `GET /api/reviews/:id/links` (facilitator only): every link, oldest first. */
export const LinksResponse = z.object({ links: z.array(ShareLinkInfo) });
export type LinksResponse = z.infer<typeof LinksResponse>;

/** Body of `PATCH /api/reviews/:id/control` (facilitator only): the controls to change. */
export const ControlPatchBody = z
  .object({
    anonymity: z.enum(ANONYMITY_POLICIES).optional(),
    phase: z.enum(PHASES).optional(),
    phaseEndsAt: z.iso.datetime({ offset: true }).nullable().optional(),
    votesPerPerson: z.number().int().min(1).max(20).optional(),
    votesPerCandidate: z.number().int().min(1).max(20).nullable().optional(),
    voting: z.enum(VOTING_STATES).optional(),
    votesRevealed: z.boolean().optional(),
    personalVotesOnly: z.boolean().optional(),
    release: z.enum(RELEASE_MODES).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one control to change');
export type ControlPatchBody = z.infer<typeof ControlPatchBody>;

/** Body of `POST /api/reviews/:id/votes` (participant token): add (+1) or withdraw (-1) one vote. */
export const VoteBody = z
  .object({ candidateId: z.string().min(1).max(200), delta: z.union([z.literal(1), z.literal(-1)]) })
  .strict();
export type VoteBody = z.infer<typeof VoteBody>;

/** The caller's votes; others' tallies only once the facilitator has revealed them. */
export const VotesResponse = z.object({
  /** The caller's votes in this round: emptied when the round is revealed (only tallies are kept). */
  mine: z.record(z.string(), z.number()),
  remaining: z.number(),
  voting: z.enum(VOTING_STATES),
  revealed: z.boolean(),
  /** The round these votes belong to (see `votingRound` in the controls). */
  round: z.number(),
  /** Whether the caller joined through a personal link (needed when votes are personal-only). */
  personal: z.boolean(),
  tallies: z.record(z.string(), z.number()).optional(),
  /** How many people have voted this round: to the facilitator live, to everyone once revealed. */
  voters: z.number().optional(),
});
export type VotesResponse = z.infer<typeof VotesResponse>;

/** Response of `PATCH /api/reviews/:id/control` and `POST /api/reviews/:id/votes/reset`: the controls now. */
export const ControlResponse = z.object({
  control: z.object({
    anonymity: z.enum(ANONYMITY_POLICIES),
    phase: z.enum(PHASES),
    phaseEndsAt: z.string().nullable(),
    votesPerPerson: z.number(),
    votesPerCandidate: z.number().nullable(),
    voting: z.enum(VOTING_STATES),
    votesRevealed: z.boolean(),
    votingRound: z.number(),
    personalVotesOnly: z.boolean(),
    release: z.enum(RELEASE_MODES),
    tallies: z.record(z.string(), z.number()).nullable(),
    voters: z.number().nullable(),
    status: z.enum(['live', 'closed']),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
  }),
});
export type ControlResponse = z.infer<typeof ControlResponse>;

/**
 * A per-finding secret (32 random bytes, base64url) that only the author's browser holds: the
 * server keeps its hash beside the finding id and nothing else, so only the author can edit it.
 */
export const FindingSecret = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'secret must be 43 base64url characters');

const FindingText = z.string().trim().min(1, 'text must not be empty').max(REVIEW_LIMITS.textMaxLength);

/** Body of `POST /api/reviews/:id/anonymous-findings` (participant token with a write role). */
export const AnonymousFindingBody = z
  .object({ category: z.enum(FINDING_CATEGORIES), text: FindingText, secret: FindingSecret })
  .strict();
export type AnonymousFindingBody = z.infer<typeof AnonymousFindingBody>;

/** Response of creating, changing or reading one anonymous finding: its id and whether it is still held. */
export const AnonymousFindingResponse = z.object({ id: z.string(), held: z.boolean() });
export type AnonymousFindingResponse = z.infer<typeof AnonymousFindingResponse>;

/**
 * Body of `PATCH /api/reviews/:id/anonymous-findings/:findingId`: the author sends the finding's
 * secret (with their participant token); the facilitator (with the facilitator token) needs none.
 */
export const AnonymousFindingPatchBody = z
  .object({
    secret: FindingSecret.optional(),
    text: FindingText.optional(),
    category: z.enum(FINDING_CATEGORIES).optional(),
  })
  .strict()
  .refine((patch) => patch.text !== undefined || patch.category !== undefined, 'change the text or the category');
export type AnonymousFindingPatchBody = z.infer<typeof AnonymousFindingPatchBody>;

/** Body of `DELETE /api/reviews/:id/anonymous-findings/:findingId`: the secret, unless the facilitator deletes. */
export const AnonymousFindingDeleteBody = z.object({ secret: FindingSecret.optional() }).strict();
export type AnonymousFindingDeleteBody = z.infer<typeof AnonymousFindingDeleteBody>;

/** Response of `GET /api/reviews/:id/anonymous-findings/held` (facilitator): how many wait for the reveal. */
export const HeldFindingsResponse = z.object({ held: z.number() });
export type HeldFindingsResponse = z.infer<typeof HeldFindingsResponse>;

/** Response of `POST /api/reviews/:id/anonymous-findings/reveal` (facilitator). */
export const RevealFindingsResponse = z.object({ revealed: z.number() });
export type RevealFindingsResponse = z.infer<typeof RevealFindingsResponse>;

/** Body of `POST /api/reviews/:id/close` (facilitator): the display name recorded as who closed it. */
export const CloseReviewBody = z
  .object({ closedBy: z.string().trim().min(1, 'closedBy must not be empty').max(REVIEW_LIMITS.labelMaxLength) })
  .strict();
export type CloseReviewBody = z.infer<typeof CloseReviewBody>;

/**
 * Body of `PATCH /api/reviews/:id/actions/:actionId` (follow-up or facilitator link): the
 * follow-through fields to change, at least one. Also after the review is closed.
 */
export const FollowUpPatchBody = z
  .object({
    status: z.enum(ACTION_STATUSES).optional(),
    owner: z.string().max(REVIEW_LIMITS.labelMaxLength).optional(),
    due: z.string().refine(isDueDate, 'due must be a date YYYY-MM-DD or empty').optional(),
    progress: z.string().max(REVIEW_LIMITS.progressMaxLength).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of status, owner, due, progress');
export type FollowUpPatchBody = z.infer<typeof FollowUpPatchBody>;

/** One action item as the follow-up API shows it: what it is, and where its fix stands. */
export const FollowUpAction = z.object({
  id: z.string(),
  title: z.string(),
  priority: z.enum(ACTION_PRIORITIES),
  type: z.enum(ACTION_TYPES),
  status: z.enum(ACTION_STATUSES),
  owner: z.string(),
  /** YYYY-MM-DD, or '' for none. */
  due: z.string(),
  progress: z.string(),
});
export type FollowUpAction = z.infer<typeof FollowUpAction>;

/** Response of `GET /api/reviews/:id/actions`: every action item, in board order. */
export const FollowUpActionsResponse = z.object({ actions: z.array(FollowUpAction) });
export type FollowUpActionsResponse = z.infer<typeof FollowUpActionsResponse>;

/** Response of `PATCH /api/reviews/:id/actions/:actionId`: the action as it is now. */
export const FollowUpActionResponse = z.object({ action: FollowUpAction });
export type FollowUpActionResponse = z.infer<typeof FollowUpActionResponse>;
