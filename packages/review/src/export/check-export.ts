import {
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  ACTION_TYPES,
  ANONYMITY_POLICIES,
  CONTEXT_FIELDS,
  FINDING_CATEGORIES,
  KEY_TIMES,
  NARRATIVE_SECTIONS,
  PHASES,
  RELEASE_MODES,
  REVIEW_STATUSES,
  SEVERITIES,
  TIMELINE_KINDS,
  VOTING_STATES,
  WEAKNESSES,
} from '../schema';
import type { EventContext } from '../schema';
import { ROOT_CAUSE_TARGET_KINDS, type RootCauseTargetKind } from '../root-causes';
import {
  checkDueDate,
  checkEnum,
  checkInteger,
  checkIsoTimestamp,
  checkString,
  REVIEW_LIMITS,
  ReviewInputError,
} from '../validate';
import { checkNarrativeDoc, textToNarrativeDoc, type NarrativeNode } from './prosemirror';
import { listCitations } from './citations';
import { isEventId } from '../citations';
import { EXPORT_FORMAT, EXPORT_VERSION, type ReviewExportData } from './to-export';

/**
 * The export checked field by field and normalised (times to UTC `toISOString()` form, narrative
 * given only as text turned into paragraphs). Throws a ReviewInputError naming the first bad field.
 */
export function checkExport(input: unknown): ReviewExportData {
  const data = record('file', input);
  if (data.format !== EXPORT_FORMAT) {
    throw new ReviewInputError(
      `format must be ${JSON.stringify(EXPORT_FORMAT)}; this is not a Hindsight review export`,
    );
  }
  if (data.version !== EXPORT_VERSION) {
    throw new ReviewInputError(`version must be ${EXPORT_VERSION}; got ${JSON.stringify(data.version)}`);
  }
  const exportedAt =
    data.exportedAt === undefined ? new Date().toISOString() : checkIsoTimestamp('exportedAt', data.exportedAt);

  const review = record('review', data.review);
  const keyTimes = record('review.keyTimes', review.keyTimes ?? {});
  const checkedReview: ReviewExportData['review'] = {
    title: checkString('review.title', review.title, REVIEW_LIMITS.titleMaxLength),
    severity: checkEnum('review.severity', review.severity, SEVERITIES),
    status: checkEnum('review.status', review.status ?? 'live', REVIEW_STATUSES),
    createdAt: nullableTime('review.createdAt', review.createdAt),
    closedAt: nullableTime('review.closedAt', review.closedAt),
    closedBy: nullable(review.closedBy, (value) => checkString('review.closedBy', value, REVIEW_LIMITS.labelMaxLength)),
    keyTimes: Object.fromEntries(
      KEY_TIMES.map((key) => [key, nullableTime(`review.keyTimes.${key}`, keyTimes[key])]),
    ) as ReviewExportData['review']['keyTimes'],
    durations: { timeToDetectMs: null, timeToMitigateMs: null, timeToResolveMs: null },
  };

  const facilitation = record('facilitation', data.facilitation);
  const { votesPerPersonMin: min, votesPerPersonMax: max } = REVIEW_LIMITS;
  const checkedFacilitation: ReviewExportData['facilitation'] = {
    anonymity: checkEnum('facilitation.anonymity', facilitation.anonymity, ANONYMITY_POLICIES),
    phase: checkEnum('facilitation.phase', facilitation.phase, PHASES),
    votesPerPerson: checkInteger('facilitation.votesPerPerson', facilitation.votesPerPerson, min, max),
    votesPerCandidate: nullable(facilitation.votesPerCandidate, (value) =>
      checkInteger('facilitation.votesPerCandidate', value, min, max),
    ),
    voting: checkEnum('facilitation.voting', facilitation.voting, VOTING_STATES),
    votesRevealed: checkBoolean('facilitation.votesRevealed', facilitation.votesRevealed),
    release: checkEnum('facilitation.release', facilitation.release, RELEASE_MODES),
  };

  const narrativeInput = record('narrative', data.narrative ?? {});
  const narrative = Object.fromEntries(
    NARRATIVE_SECTIONS.map((section) => {
      const field = `narrative.${section}`;
      const given = record(field, narrativeInput[section] ?? { text: '' });
      const text = given.text === undefined ? '' : checkString(`${field}.text`, given.text, Number.MAX_SAFE_INTEGER);
      if (given.doc === undefined) return [section, { text, doc: textToNarrativeDoc(text) }];
      const problem = checkNarrativeDoc(given.doc);
      if (problem) throw new ReviewInputError(`${[field, 'doc', ...problem.path].join('.')}: ${problem.message}`);
      return [section, { text, doc: given.doc as NarrativeNode }];
    }),
  ) as ReviewExportData['narrative'];

  const eventRefs = new Set<string>();
  const timeline = list('timeline', data.timeline).map((value, index) => {
    const field = `timeline.${index}`;
    const event = record(field, value);
    return {
      // Files from before citations have no refs (and their narrative cites nothing).
      ...(event.ref === undefined ? {} : { ref: eventRef(`${field}.ref`, event.ref, eventRefs) }),
      at: checkIsoTimestamp(`${field}.at`, event.at),
      kind: checkEnum(`${field}.kind`, event.kind, TIMELINE_KINDS),
      text: checkString(`${field}.text`, event.text, REVIEW_LIMITS.textMaxLength),
      source:
        event.source === undefined ? '' : checkString(`${field}.source`, event.source, REVIEW_LIMITS.labelMaxLength),
      // Files from before learnedAt and context read as none.
      learnedAt: nullableTime(`${field}.learnedAt`, event.learnedAt),
      context: nullable(event.context, (given) => checkContext(`${field}.context`, given)),
    };
  });

  for (const section of NARRATIVE_SECTIONS) {
    for (const { path, eventId } of listCitations(narrative[section].doc)) {
      if (eventId !== null)
        knownRef(['narrative', section, 'doc', ...path].join('.'), eventId, eventRefs, 'timeline event');
    }
  }

  const groupRefs = new Set<string>();
  const groups = list('groups', data.groups ?? []).map((value, index) => {
    const field = `groups.${index}`;
    const group = record(field, value);
    const ref = uniqueRef(`${field}.ref`, group.ref, groupRefs);
    return {
      ref,
      name: checkString(`${field}.name`, group.name, REVIEW_LIMITS.labelMaxLength),
      category: checkEnum(`${field}.category`, group.category, FINDING_CATEGORIES),
      createdAt: checkIsoTimestamp(`${field}.createdAt`, group.createdAt),
    };
  });

  const findingRefs = new Set<string>();
  const findings = list('findings', data.findings).map((value, index): ReviewExportData['findings'][number] => {
    const field = `findings.${index}`;
    const finding = record(field, value);
    const ref = uniqueRef(`${field}.ref`, finding.ref, findingRefs);
    const group = nullable(finding.group, (value) => knownRef(`${field}.group`, value, groupRefs, 'group'));
    const anonymous = checkBoolean(`${field}.anonymous`, finding.anonymous ?? false);
    const base = {
      ref,
      category: checkEnum(`${field}.category`, finding.category, FINDING_CATEGORIES),
      text: checkString(`${field}.text`, finding.text, REVIEW_LIMITS.textMaxLength),
      group,
      createdAt: checkIsoTimestamp(`${field}.createdAt`, finding.createdAt),
      weakness: checkWeaknessField(`${field}.weakness`, finding.weakness),
    };
    if (anonymous) {
      // Once in the document an author would reach every replica: an anonymous finding has none.
      if (finding.author !== undefined) {
        throw new ReviewInputError(`${field}.author: an anonymous finding has no author`);
      }
      if (finding.editedBy !== undefined) {
        throw new ReviewInputError(`${field}.editedBy: an anonymous finding names no editor`);
      }
      return { ...base, anonymous: true };
    }
    if (finding.author === undefined) {
      if (finding.editedBy !== undefined) {
        throw new ReviewInputError(`${field}.editedBy: only a finding with an author names who edited it`);
      }
      return { ...base, anonymous: false };
    }
    const author = checkString(`${field}.author`, finding.author, REVIEW_LIMITS.labelMaxLength);
    if (finding.editedBy === undefined) return { ...base, anonymous: false, author };
    return {
      ...base,
      anonymous: false,
      author,
      editedBy: checkString(`${field}.editedBy`, finding.editedBy, REVIEW_LIMITS.labelMaxLength),
    };
  });

  const promoted = new Set<string>();
  const rootCauses = list('rootCauses', data.rootCauses ?? []).map((value, index) => {
    const field = `rootCauses.${index}`;
    const rootCause = record(field, value);
    const target = record(`${field}.target`, rootCause.target);
    const kind: RootCauseTargetKind = checkEnum(`${field}.target.kind`, target.kind, ROOT_CAUSE_TARGET_KINDS);
    const ref = knownRef(`${field}.target.ref`, target.ref, kind === 'finding' ? findingRefs : groupRefs, kind);
    if (promoted.has(`${kind}:${ref}`)) {
      throw new ReviewInputError(`${field}.target: ${kind} ${JSON.stringify(ref)} is promoted twice`);
    }
    promoted.add(`${kind}:${ref}`);
    const votes = nullable(rootCause.votes, (value) =>
      checkInteger(`${field}.votes`, value, 0, Number.MAX_SAFE_INTEGER),
    );
    return {
      target: { kind, ref },
      text: typeof rootCause.text === 'string' ? rootCause.text : '',
      promotedAt: checkIsoTimestamp(`${field}.promotedAt`, rootCause.promotedAt),
      votes,
      weakness: checkWeaknessField(`${field}.weakness`, rootCause.weakness),
      acceptedRisk: nullable(rootCause.acceptedRisk, (value) => {
        const reason = checkString(`${field}.acceptedRisk`, value, REVIEW_LIMITS.reasonMaxLength).trim();
        if (reason === '') throw new ReviewInputError(`${field}.acceptedRisk: an accepted risk needs a reason`);
        return reason;
      }),
    };
  });

  const actions = list('actions', data.actions ?? []).map((value, index) => {
    const field = `actions.${index}`;
    const action = record(field, value);
    return {
      title: checkString(`${field}.title`, action.title, REVIEW_LIMITS.titleMaxLength),
      owner:
        action.owner === undefined ? '' : checkString(`${field}.owner`, action.owner, REVIEW_LIMITS.labelMaxLength),
      due: action.due === undefined ? '' : checkDueDate(`${field}.due`, action.due),
      status: checkEnum(`${field}.status`, action.status, ACTION_STATUSES),
      priority: checkEnum(`${field}.priority`, action.priority, ACTION_PRIORITIES),
      type: checkEnum(`${field}.type`, action.type, ACTION_TYPES),
      findingRefs: list(`${field}.findingRefs`, action.findingRefs ?? []).map((ref, refIndex) =>
        knownRef(`${field}.findingRefs.${refIndex}`, ref, findingRefs, 'finding'),
      ),
      // A link must name a root cause of the file, as a board link must name a listed candidate.
      rootCauseTargets: list(`${field}.rootCauseTargets`, action.rootCauseTargets ?? []).map((value, targetIndex) => {
        const targetField = `${field}.rootCauseTargets.${targetIndex}`;
        const target = record(targetField, value);
        const kind: RootCauseTargetKind = checkEnum(`${targetField}.kind`, target.kind, ROOT_CAUSE_TARGET_KINDS);
        if (typeof target.ref !== 'string' || !promoted.has(`${kind}:${target.ref}`)) {
          throw new ReviewInputError(`${targetField}: no root cause is the ${kind} ${JSON.stringify(target.ref)}`);
        }
        return { kind, ref: target.ref };
      }),
      weakness: checkWeaknessField(`${field}.weakness`, action.weakness),
      // Files from before progress notes have none.
      progress:
        action.progress === undefined
          ? ''
          : checkString(`${field}.progress`, action.progress, REVIEW_LIMITS.progressMaxLength),
    };
  });

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt,
    redacted: data.redacted === true,
    review: checkedReview,
    facilitation: checkedFacilitation,
    narrative,
    timeline,
    groups,
    findings,
    rootCauses,
    actions,
  };
}

function checkWeaknessField(field: string, value: unknown) {
  return nullable(value, (given) => checkEnum(field, given, WEAKNESSES));
}

function checkContext(field: string, value: unknown): EventContext {
  const context = record(field, value);
  return Object.fromEntries(
    CONTEXT_FIELDS.map((name) => [
      name,
      checkString(`${field}.${name}`, context[name] ?? '', REVIEW_LIMITS.textMaxLength),
    ]),
  ) as EventContext;
}

function record(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReviewInputError(`${field} must be an object`);
  }
  return value as Record<string, unknown>;
}

function list(field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new ReviewInputError(`${field} must be an array`);
  return value;
}

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ReviewInputError(`${field} must be true or false`);
  return value;
}

function nullable<T>(value: unknown, check: (value: unknown) => T): T | null {
  return value === null || value === undefined ? null : check(value);
}

function nullableTime(field: string, value: unknown): string | null {
  return nullable(value, (given) => checkIsoTimestamp(field, given));
}

function uniqueRef(field: string, value: unknown, seen: Set<string>): string {
  const ref = checkString(field, value, REVIEW_LIMITS.labelMaxLength);
  if (ref === '') throw new ReviewInputError(`${field} must not be empty`);
  if (seen.has(ref)) throw new ReviewInputError(`${field}: ${JSON.stringify(ref)} is used twice`);
  seen.add(ref);
  return ref;
}

// An event's ref is what the narrative's citations hold, so it has the shape of an event id.
function eventRef(field: string, value: unknown, seen: Set<string>): string {
  if (!isEventId(value)) throw new ReviewInputError(`${field} must be 1-64 letters, digits, "-" or "_"`);
  return uniqueRef(field, value, seen);
}

function knownRef(field: string, value: unknown, known: ReadonlySet<string>, kind: string): string {
  if (typeof value !== 'string' || !known.has(value)) {
    throw new ReviewInputError(`${field}: no ${kind} has ref ${JSON.stringify(value)}`);
  }
  return value;
}
