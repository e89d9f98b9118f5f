import { z } from 'zod';
import {
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  ACTION_TYPES,
  SEARCH_SECTIONS,
  SEVERITIES,
  WEAKNESSES,
} from '@hindsight/review';
import { LinkLabel } from './rest';

/**
 * Team spaces (issue 15 part 3; the contract is the README's API section): a space groups reviews,
 * lists them with search, follow-ups across them and recurring weaknesses. Its two link kinds:
 * `admin` (creates reviews in it, manages its links) and `member` (reads it). A space token opens
 * its space, and its reviews as a viewer; nothing else.
 */
export const SPACE_LINK_KINDS = ['admin', 'member'] as const;
export type SpaceLinkKind = (typeof SPACE_LINK_KINDS)[number];

/** Longest space name (after trimming). */
export const SPACE_NAME_MAX_LENGTH = 100;

/** Body of `POST /api/spaces`. */
export const CreateSpaceBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'name must not be empty')
      .max(SPACE_NAME_MAX_LENGTH)
      .regex(/^\P{Cc}*$/u, 'name must not contain control characters'),
  })
  .strict();
export type CreateSpaceBody = z.infer<typeof CreateSpaceBody>;

const SpaceLinks = z.object({ admin: z.string(), member: z.string() });

/** Response of `POST /api/spaces` (201): the links and tokens, shown this once. */
export const CreateSpaceResponse = z.object({
  id: z.string(),
  name: z.string(),
  links: SpaceLinks,
  tokens: SpaceLinks,
});
export type CreateSpaceResponse = z.infer<typeof CreateSpaceResponse>;

/** One review as a space lists it; `link` opens it read-only with the caller's space token. */
export const SpaceReviewSummary = z.object({
  id: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  durations: z.object({ toDetectMinutes: z.number().nullable(), toResolveMinutes: z.number().nullable() }),
  weaknesses: z.array(z.string()),
  link: z.string(),
});
export type SpaceReviewSummary = z.infer<typeof SpaceReviewSummary>;

/** Response of `GET /api/spaces/:id`: its reviews newest first. */
export const SpaceResponse = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(SPACE_LINK_KINDS),
  createdAt: z.string(),
  reviews: z.array(SpaceReviewSummary),
});
export type SpaceResponse = z.infer<typeof SpaceResponse>;

/** Longest search query. */
export const SPACE_SEARCH_MAX_LENGTH = 200;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

/** Query of `GET /api/spaces/:id/search`. */
export const SpaceSearchQuery = z
  .object({
    q: z.string().max(SPACE_SEARCH_MAX_LENGTH).optional(),
    severity: z.enum(SEVERITIES).optional(),
    weakness: z.enum(WEAKNESSES).optional(),
    from: Day.optional(),
    to: Day.optional(),
  })
  .strict();
export type SpaceSearchQuery = z.infer<typeof SpaceSearchQuery>;

/** A piece of a review that matched, with the match in context. */
export const SearchHit = z.object({ section: z.enum(SEARCH_SECTIONS), text: z.string() });
export type SearchHit = z.infer<typeof SearchHit>;

/** Response of `GET /api/spaces/:id/search`: the matching reviews, newest first. */
export const SpaceSearchResponse = z.object({
  reviews: z.array(SpaceReviewSummary.extend({ hits: z.array(SearchHit) })),
});
export type SpaceSearchResponse = z.infer<typeof SpaceSearchResponse>;

/** One action item of the space's follow-up table. */
export const SpaceAction = z.object({
  reviewId: z.string(),
  reviewTitle: z.string(),
  actionId: z.string(),
  title: z.string(),
  owner: z.string(),
  due: z.string(),
  status: z.enum(ACTION_STATUSES),
  priority: z.enum(ACTION_PRIORITIES),
  type: z.enum(ACTION_TYPES),
  overdue: z.boolean(),
  link: z.string(),
});
export type SpaceAction = z.infer<typeof SpaceAction>;

/** Response of `GET /api/spaces/:id/actions`: overdue first, then by due date, no due date last. */
export const SpaceActionsResponse = z.object({ actions: z.array(SpaceAction) });
export type SpaceActionsResponse = z.infer<typeof SpaceActionsResponse>;

/** One weakness across the space's reviews. */
export const SpaceWeakness = z.object({
  weakness: z.string(),
  label: z.string(),
  reviews: z.number(),
  rootCauses: z.number(),
  openActions: z.number(),
  byMonth: z.array(z.object({ month: z.string(), reviews: z.number() })),
});
export type SpaceWeakness = z.infer<typeof SpaceWeakness>;

/** Response of `GET /api/spaces/:id/weaknesses`: only weaknesses named at least once. */
export const SpaceWeaknessesResponse = z.object({ weaknesses: z.array(SpaceWeakness), reviewCount: z.number() });
export type SpaceWeaknessesResponse = z.infer<typeof SpaceWeaknessesResponse>;

/** Body of `PUT /api/reviews/:id/space` (the review's facilitator): an admin token of the target space. */
export const MoveReviewBody = z.object({ spaceToken: z.string().max(100) }).strict();
export type MoveReviewBody = z.infer<typeof MoveReviewBody>;

/** Response of `PUT /api/reviews/:id/space`. */
export const MoveReviewResponse = z.object({ spaceId: z.string(), name: z.string() });
export type MoveReviewResponse = z.infer<typeof MoveReviewResponse>;

/** Body of `POST /api/spaces/:id/links` (admin). */
export const IssueSpaceLinkBody = z
  .object({ kind: z.enum(SPACE_LINK_KINDS), label: LinkLabel.nullable().optional() })
  .strict();
export type IssueSpaceLinkBody = z.infer<typeof IssueSpaceLinkBody>;

/** One link of a space as its admin sees it (never the token). */
export const SpaceLinkInfo = z.object({
  id: z.string(),
  kind: z.enum(SPACE_LINK_KINDS),
  label: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
});
export type SpaceLinkInfo = z.infer<typeof SpaceLinkInfo>;

/** Response of `GET /api/spaces/:id/links`: oldest first. */
export const SpaceLinksResponse = z.object({ links: z.array(SpaceLinkInfo) });
export type SpaceLinksResponse = z.infer<typeof SpaceLinksResponse>;

/** Response of `POST /api/spaces/:id/links` (201). */
export const IssueSpaceLinkResponse = SpaceLinkInfo.omit({ revokedAt: true, active: true }).extend({
  link: z.string(),
  token: z.string(),
});
export type IssueSpaceLinkResponse = z.infer<typeof IssueSpaceLinkResponse>;
