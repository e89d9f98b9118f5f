import { z } from 'zod';
import {
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  ACTION_TYPES,
  ANONYMITY_POLICIES,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  FINDING_CATEGORIES,
  isDueDate,
  NARRATIVE_MARK_TYPES,
  NARRATIVE_NODE_TYPES,
  PHASES,
  RELEASE_MODES,
  REVIEW_LIMITS,
  REVIEW_STATUSES,
  ROOT_CAUSE_TARGET_KINDS,
  SEVERITIES,
  TIMELINE_KINDS,
  VOTING_STATES,
  WEAKNESSES,
  checkNarrativeDoc,
  EVENT_ID_PATTERN,
  listCitations,
  NARRATIVE_SECTIONS,
  parseIsoTimestamp,
  type NarrativeNode,
  type ReviewExportData,
} from '@hindsight/review';

/**
 * The review export file (`GET /api/reviews/:id/export.json`, `POST /api/reviews/import`), as a
 * zod schema. It mirrors `ReviewExportData` of @hindsight/review (checked at compile time below);
 * docs/EXPORT.md documents every field. Fields an import ignores (derived durations, texts shown
 * for readers) may be left out of a hand-written file: they have defaults.
 */

const IsoTime = z
  .string()
  .refine(
    (value) => parseIsoTimestamp(value) !== undefined,
    'must be an ISO 8601 date-time with a zone, e.g. 2026-03-14T09:41:00Z',
  );
const Ref = z.string().min(1, 'must not be empty').max(REVIEW_LIMITS.labelMaxLength);
const Label = z.string().max(REVIEW_LIMITS.labelMaxLength);

const AttrValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Attrs = z.record(z.string(), AttrValue);

const NarrativeMarkSchema = z.object({ type: z.enum(NARRATIVE_MARK_TYPES), attrs: Attrs.optional() }).strict();

const NarrativeNodeSchema: z.ZodType<NarrativeNode> = z.lazy(() =>
  z
    .object({
      type: z.enum(NARRATIVE_NODE_TYPES),
      attrs: Attrs.optional(),
      content: z.array(NarrativeNodeSchema).optional(),
      text: z.string().optional(),
      marks: z.array(NarrativeMarkSchema).optional(),
    })
    .strict(),
);

/** A narrative section's rich text: a ProseMirror `doc` node the board's editor can hold. */
export const NarrativeDoc = NarrativeNodeSchema.superRefine((doc, ctx) => {
  const problem = checkNarrativeDoc(doc);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});

const KeyTimeValue = IsoTime.nullable();
const NarrativeSectionSchema = z.object({ text: z.string().default(''), doc: NarrativeDoc }).strict();

/** A weakness from the taxonomy, or null; left out of a file from before weaknesses, it reads as null. */
const ContextText = z.string().max(REVIEW_LIMITS.textMaxLength).default('');
const EventContext = z.object({ known: ContextText, goal: ContextText, pressures: ContextText }).strict();

const WeaknessValue = z.enum(WEAKNESSES).nullable().default(null);
const RootCauseTarget = z.object({ kind: z.enum(ROOT_CAUSE_TARGET_KINDS), ref: Ref }).strict();

const FindingFields = {
  ref: Ref,
  category: z.enum(FINDING_CATEGORIES),
  text: z.string().max(REVIEW_LIMITS.textMaxLength),
  group: Ref.nullable(),
  createdAt: IsoTime,
  weakness: WeaknessValue,
};

/** The export file: see docs/EXPORT.md. */
export const ReviewExport = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: IsoTime,
    redacted: z.boolean().default(false),
    review: z
      .object({
        title: z.string().max(REVIEW_LIMITS.titleMaxLength),
        severity: z.enum(SEVERITIES),
        status: z.enum(REVIEW_STATUSES),
        createdAt: IsoTime.nullable().default(null),
        closedAt: IsoTime.nullable(),
        closedBy: Label.nullable(),
        keyTimes: z
          .object({ started: KeyTimeValue, detected: KeyTimeValue, mitigated: KeyTimeValue, resolved: KeyTimeValue })
          .strict(),
        durations: z
          .object({
            timeToDetectMs: z.number().nullable(),
            timeToMitigateMs: z.number().nullable(),
            timeToResolveMs: z.number().nullable(),
          })
          .strict()
          .default({ timeToDetectMs: null, timeToMitigateMs: null, timeToResolveMs: null }),
      })
      .strict(),
    facilitation: z
      .object({
        anonymity: z.enum(ANONYMITY_POLICIES),
        phase: z.enum(PHASES),
        votesPerPerson: z.number().int().min(REVIEW_LIMITS.votesPerPersonMin).max(REVIEW_LIMITS.votesPerPersonMax),
        votesPerCandidate: z
          .number()
          .int()
          .min(REVIEW_LIMITS.votesPerPersonMin)
          .max(REVIEW_LIMITS.votesPerPersonMax)
          .nullable(),
        voting: z.enum(VOTING_STATES),
        votesRevealed: z.boolean(),
        release: z.enum(RELEASE_MODES),
      })
      .strict(),
    narrative: z
      .object({
        summary: NarrativeSectionSchema,
        impact: NarrativeSectionSchema,
        detection: NarrativeSectionSchema,
        resolution: NarrativeSectionSchema,
        lessons: NarrativeSectionSchema,
      })
      .strict(),
    timeline: z.array(
      z
        .object({
          // Left out of a file from before citations: its narrative then cites no event.
          ref: z.string().regex(EVENT_ID_PATTERN, 'must be 1-64 letters, digits, "-" or "_"').optional(),
          at: IsoTime,
          kind: z.enum(TIMELINE_KINDS),
          text: z.string().max(REVIEW_LIMITS.textMaxLength),
          source: Label,
          learnedAt: IsoTime.nullable().default(null),
          context: EventContext.nullable().default(null),
        })
        .strict(),
    ),
    groups: z.array(
      z.object({ ref: Ref, name: Label, category: z.enum(FINDING_CATEGORIES), createdAt: IsoTime }).strict(),
    ),
    findings: z.array(
      // An anonymous finding has no author field at all: one sent with it is refused.
      z.discriminatedUnion('anonymous', [
        z.object({ ...FindingFields, anonymous: z.literal(true) }).strict(),
        z
          .object({
            ...FindingFields,
            anonymous: z.literal(false),
            author: Label.optional(),
            editedBy: Label.optional(),
          })
          .strict(),
      ]),
    ),
    rootCauses: z.array(
      z
        .object({
          target: RootCauseTarget,
          text: z.string().default(''),
          promotedAt: IsoTime,
          votes: z.number().int().min(0).nullable(),
          weakness: WeaknessValue,
          acceptedRisk: z
            .string()
            .max(REVIEW_LIMITS.reasonMaxLength)
            .refine((reason) => reason.trim() !== '', 'an accepted risk needs a reason')
            .nullable()
            .default(null),
        })
        .strict(),
    ),
    actions: z.array(
      z
        .object({
          title: z.string().max(REVIEW_LIMITS.titleMaxLength),
          owner: Label,
          due: z.string().refine(isDueDate, 'must be a date YYYY-MM-DD or empty'),
          status: z.enum(ACTION_STATUSES),
          priority: z.enum(ACTION_PRIORITIES),
          type: z.enum(ACTION_TYPES),
          findingRefs: z.array(Ref),
          rootCauseTargets: z.array(RootCauseTarget).default([]),
          weakness: WeaknessValue,
          // Left out of a file from before progress notes: none.
          progress: z.string().max(REVIEW_LIMITS.progressMaxLength).default(''),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((file, ctx) => {
    // References must name something in the file, and name it once.
    const refs = (items: { ref?: string }[], field: 'groups' | 'findings' | 'timeline') => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (item.ref === undefined) return;
        if (seen.has(item.ref)) {
          ctx.addIssue({ code: 'custom', path: [field, index, 'ref'], message: `"${item.ref}" is used twice` });
        }
        seen.add(item.ref);
      });
      return seen;
    };
    const groups = refs(file.groups, 'groups');
    const findings = refs(file.findings, 'findings');
    const events = refs(file.timeline, 'timeline');
    const missing = (path: (string | number)[], kind: string, ref: string) =>
      ctx.addIssue({ code: 'custom', path, message: `no ${kind} has ref "${ref}"` });
    for (const section of NARRATIVE_SECTIONS) {
      for (const { path, eventId } of listCitations(file.narrative[section].doc)) {
        if (eventId !== null && !events.has(eventId))
          missing(['narrative', section, 'doc', ...path], 'timeline event', eventId);
      }
    }
    file.findings.forEach((finding, index) => {
      if (finding.group !== null && !groups.has(finding.group))
        missing(['findings', index, 'group'], 'group', finding.group);
    });
    const promoted = new Set<string>();
    file.rootCauses.forEach((rootCause, index) => {
      const { kind, ref } = rootCause.target;
      if (!(kind === 'finding' ? findings : groups).has(ref))
        missing(['rootCauses', index, 'target', 'ref'], kind, ref);
      if (promoted.has(`${kind}:${ref}`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rootCauses', index, 'target'],
          message: `${kind} "${ref}" is promoted twice`,
        });
      }
      promoted.add(`${kind}:${ref}`);
    });
    file.actions.forEach((action, index) => {
      action.findingRefs.forEach((ref, refIndex) => {
        if (!findings.has(ref)) missing(['actions', index, 'findingRefs', refIndex], 'finding', ref);
      });
      action.rootCauseTargets.forEach(({ kind, ref }, targetIndex) => {
        if (!promoted.has(`${kind}:${ref}`))
          ctx.addIssue({
            code: 'custom',
            path: ['actions', index, 'rootCauseTargets', targetIndex],
            message: `no root cause is the ${kind} "${ref}"`,
          });
      });
    });
  });
export type ReviewExport = z.output<typeof ReviewExport>;

// The schema and the model's type must describe the same file: what the model exports validates,
// and what the schema accepts is what the model imports.
({}) as ReviewExportData satisfies z.input<typeof ReviewExport>;
({}) as z.output<typeof ReviewExport> satisfies ReviewExportData;
