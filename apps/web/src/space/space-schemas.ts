import { z } from 'zod';
import { SEVERITIES, type ReviewStatus } from '@hindsight/review';

/**
 * The team-space API's answers as this page reads them (the contract: issue 15 part 3,
 * "Team spaces: API contract"). Parsed, not trusted: an answer this page does not understand is
 * an error it can show, never a crash halfway through rendering.
 */

export const SPACE_ROLES = ['admin', 'member'] as const;
export type SpaceRole = (typeof SPACE_ROLES)[number];

/** The contract says `open`; the review model says `live`. Both mean the same, shown as the model's. */
const ReviewStatusField = z
  .enum(['open', 'live', 'closed'])
  .transform((status): ReviewStatus => (status === 'closed' ? 'closed' : 'live'));

const SpaceLinks = z.object({ admin: z.string(), member: z.string() });

/** `POST /api/spaces` (201). */
export const CreateSpaceResponse = z.object({
  id: z.string(),
  name: z.string(),
  links: SpaceLinks,
  tokens: SpaceLinks,
});
export type CreateSpaceResponse = z.infer<typeof CreateSpaceResponse>;

/** One review of a space, as listed. */
export const SpaceReviewSummary = z.object({
  id: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: ReviewStatusField,
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  durations: z.object({
    toDetectMinutes: z.number().nullable(),
    toResolveMinutes: z.number().nullable(),
  }),
  weaknesses: z.array(z.string()),
  link: z.string(),
});
export type SpaceReviewSummary = z.infer<typeof SpaceReviewSummary>;

/** `GET /api/spaces/:id`. */
export const SpaceResponse = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(SPACE_ROLES),
  createdAt: z.string(),
  reviews: z.array(SpaceReviewSummary),
});
export type SpaceResponse = z.infer<typeof SpaceResponse>;

export const SEARCH_SECTIONS = ['title', 'finding', 'timeline', 'narrative', 'action', 'root-cause'] as const;
export type SearchSection = (typeof SEARCH_SECTIONS)[number];

/** `GET /api/spaces/:id/search`: the matching reviews, each with where the words were found. */
export const SpaceSearchResponse = z.object({
  reviews: z.array(
    SpaceReviewSummary.extend({
      hits: z.array(z.object({ section: z.enum(SEARCH_SECTIONS), text: z.string() })),
    }),
  ),
});
export type SpaceSearchResponse = z.infer<typeof SpaceSearchResponse>;
export type SpaceSearchResult = SpaceSearchResponse['reviews'][number];

/** One action item of a review in the space. */
export const SpaceAction = z.object({
  reviewId: z.string(),
  reviewTitle: z.string(),
  actionId: z.string(),
  title: z.string(),
  owner: z.string(),
  due: z.string(),
  status: z.string(),
  priority: z.string(),
  type: z.string(),
  overdue: z.boolean(),
  link: z.string(),
});
export type SpaceAction = z.infer<typeof SpaceAction>;

/** `GET /api/spaces/:id/actions`: overdue first, then by due date, no due date last. */
export const SpaceActionsResponse = z.object({ actions: z.array(SpaceAction) });
export type SpaceActionsResponse = z.infer<typeof SpaceActionsResponse>;

/** One weakness named in the space: how often, in how many reviews and root causes, and open actions. */
export const WeaknessStat = z.object({
  weakness: z.string(),
  label: z.string(),
  reviews: z.number().int().nonnegative(),
  rootCauses: z.number().int().nonnegative(),
  openActions: z.number().int().nonnegative(),
  byMonth: z.array(z.object({ month: z.string(), reviews: z.number().int().nonnegative() })),
});
export type WeaknessStat = z.infer<typeof WeaknessStat>;

/** `GET /api/spaces/:id/weaknesses`. */
export const SpaceWeaknessesResponse = z.object({
  weaknesses: z.array(WeaknessStat),
  reviewCount: z.number().int().nonnegative(),
});
export type SpaceWeaknessesResponse = z.infer<typeof SpaceWeaknessesResponse>;

/** `POST /api/spaces/:id/links` (201): a new link of the space. */
export const IssueSpaceLinkResponse = z.object({
  id: z.string(),
  kind: z.enum(SPACE_ROLES),
  link: z.string(),
  token: z.string(),
});
export type IssueSpaceLinkResponse = z.infer<typeof IssueSpaceLinkResponse>;

/** `PUT /api/reviews/:id/space` (200): the space the review now belongs to. */
export const MoveToSpaceResponse = z.object({ spaceId: z.string(), name: z.string() });
export type MoveToSpaceResponse = z.infer<typeof MoveToSpaceResponse>;

/** The space a review belongs to, as `GET /api/reviews/:id` tells its facilitator. */
export const ReviewSpaceField = z.object({
  space: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
});
