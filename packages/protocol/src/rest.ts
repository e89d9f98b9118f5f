import { z } from 'zod';
import { ANONYMITY_POLICIES, PHASES, SEVERITIES, VOTING_STATES } from '@hindsight/review';
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

/** Response of `POST /api/reviews` (201). */
export const CreateReviewResponse = z.object({
  id: z.string(),
  links: RoleLinks,
  tokens: RoleLinks,
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
});
export type ReviewInfoResponse = z.infer<typeof ReviewInfoResponse>;

/** Every error response: `{ error: { code, message } }`. */
export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Response of `POST /api/reviews/:id/participants` (201): the caller's own participant token. */
export const JoinResponse = z.object({ participantToken: z.string(), role: z.enum(ROLES) });
export type JoinResponse = z.infer<typeof JoinResponse>;

/** Body of `POST /api/reviews/:id/links` (facilitator only): which kind of link to issue. */
export const IssueLinkBody = z.object({ kind: z.enum(['edit', 'view']) }).strict();
export type IssueLinkBody = z.infer<typeof IssueLinkBody>;

/** Response of `POST /api/reviews/:id/links` (201): a new link, beside the ones already issued. */
export const IssueLinkResponse = z.object({ kind: z.enum(['edit', 'view']), link: z.string(), token: z.string() });
export type IssueLinkResponse = z.infer<typeof IssueLinkResponse>;

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
  mine: z.record(z.string(), z.number()),
  remaining: z.number(),
  voting: z.enum(VOTING_STATES),
  revealed: z.boolean(),
  tallies: z.record(z.string(), z.number()).optional(),
});
export type VotesResponse = z.infer<typeof VotesResponse>;
