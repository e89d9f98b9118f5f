import * as Y from 'yjs';
import {
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  ACTION_TYPES,
  ANONYMITY_POLICIES,
  FINDING_CATEGORIES,
  KEY_TIMES,
  NARRATIVE_SECTIONS,
  PHASES,
  RELEASE_MODES,
  REVIEW_STATUSES,
  SEVERITIES,
  TIMELINE_KINDS,
  VOTING_STATES,
} from '../schema';
import {
  actionsArray,
  findingsArray,
  groupsMap,
  initReview,
  isReviewInitialised,
  metaMap,
  rootCausesArray,
  timelineArray,
} from '../doc';
import { publishAnonymousFindings } from '../anonymous';
import { applyControlPatch, closeReview, writeTallies } from '../control';
import { newId } from '../ids';
import { narrativeFragment } from '../narrative';
import { ROOT_CAUSE_TARGET_KINDS, rootCauseId, type RootCauseTargetKind } from '../root-causes';
import { createText } from '../text';
import {
  checkDueDate,
  checkEnum,
  checkInteger,
  checkIsoTimestamp,
  checkString,
  REVIEW_LIMITS,
  ReviewInputError,
} from '../validate';
import { checkNarrativeDoc, textToNarrativeDoc, writeNarrativeDoc, type NarrativeNode } from './prosemirror';
import { EXPORT_FORMAT, EXPORT_VERSION, type ReviewExportData } from './to-export';

/** What `importReview` wrote that the server must know about. */
export interface ImportedReview {
  /** Ids of the findings published anonymously (their words are in the server-owned root). */
  anonymousFindingIds: string[];
}

// Anonymous findings keep a coarse time, so no time singles out their author (as on release).
const QUARTER_HOUR_MS = 15 * 60 * 1000;

/**
 * Server only: writes a review export into a fresh Y.Doc, which then becomes a new review's first
 * state. Everything is checked first (a ReviewInputError names the field, e.g. `findings.3.category`)
 * and nothing is written unless all of it is valid. Ids are minted anew; order, groups, links,
 * root causes, the revealed tallies and the controls are kept (docs/EXPORT.md lists what is kept).
 *
 * Anonymous findings are published with `publishAnonymousFindings`, so their words live in the
 * server-owned root with no author, as if the server had released them; their times are floored to
 * the quarter hour. Writes the server-owned roots, so it must run on the server's own document.
 */
export function importReview(doc: Y.Doc, input: ReviewExportData): ImportedReview {
  if (isReviewInitialised(doc)) throw new ReviewInputError('import needs a fresh document');
  const data = checkExport(input);
  const anonymousFindingIds: string[] = [];
  doc.transact(() => {
    initReview(doc, { title: data.review.title, severity: data.review.severity });
    const meta = metaMap(doc);
    for (const key of KEY_TIMES) {
      const at = data.review.keyTimes[key];
      if (at !== null) meta.set(key, at);
    }
    for (const section of NARRATIVE_SECTIONS) {
      writeNarrativeDoc(narrativeFragment(doc, section), data.narrative[section].doc);
    }

    // Ids sorted in list order: reads that break ties by id (events at the same time, groups made
    // in the same millisecond) then list them in the order the file does.
    const eventIds = sortedIds(data.timeline.length);
    timelineArray(doc).push(
      data.timeline.map((event, index) =>
        mapOf({
          id: eventIds[index],
          at: event.at,
          kind: event.kind,
          text: createText(event.text),
          source: event.source,
        }),
      ),
    );
    const groupIds = new Map<string, string>();
    const freshGroupIds = sortedIds(data.groups.length);
    data.groups.forEach((group, index) => {
      const id = freshGroupIds[index]!;
      groupIds.set(group.ref, id);
      groupsMap(doc).set(
        id,
        mapOf({ name: createText(group.name), category: group.category, createdAt: group.createdAt }),
      );
    });

    const findingIds = new Map<string, string>();
    for (const finding of data.findings) {
      const id = newId();
      findingIds.set(finding.ref, id);
      const groupId = finding.group === null ? null : groupIds.get(finding.group)!;
      if (finding.anonymous) {
        const coarse = new Date(Math.floor(Date.parse(finding.createdAt) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS);
        publishAnonymousFindings(doc, [
          { id, category: finding.category, text: finding.text, createdAt: coarse.toISOString() },
        ]);
        // publishing appends the placement entry last; the group is ordinary shared placement data
        const placement = findingsArray(doc).get(findingsArray(doc).length - 1) as Y.Map<unknown>;
        placement.set('groupId', groupId);
        anonymousFindingIds.push(id);
        continue;
      }
      const entry = mapOf({
        id,
        category: finding.category,
        text: createText(finding.text),
        groupId,
      });
      if (finding.author !== undefined) entry.set('author', finding.author);
      if (finding.author !== undefined && finding.editedBy !== undefined) entry.set('editedBy', finding.editedBy);
      entry.set('createdAt', finding.createdAt);
      findingsArray(doc).push([entry]);
    }

    const tallies: Record<string, number> = {};
    for (const rootCause of data.rootCauses) {
      const kind = rootCause.target.kind;
      const targetId = (kind === 'finding' ? findingIds : groupIds).get(rootCause.target.ref)!;
      const id = rootCauseId({ kind, id: targetId });
      if (rootCause.votes !== null) tallies[id] = rootCause.votes;
      rootCausesArray(doc).push([mapOf({ id, targetKind: kind, targetId, promotedAt: rootCause.promotedAt })]);
    }

    actionsArray(doc).push(
      data.actions.map((action) =>
        mapOf({
          id: newId(),
          title: createText(action.title),
          owner: action.owner,
          due: action.due,
          status: action.status,
          priority: action.priority,
          type: action.type,
          findingIds: Y.Array.from([...new Set(action.findingRefs.map((ref) => findingIds.get(ref)!))]),
        }),
      ),
    );

    const { facilitation } = data;
    applyControlPatch(doc, {
      anonymity: facilitation.anonymity,
      // 'closed' is reached only by closing (below)
      phase: facilitation.phase === 'closed' ? 'actions' : facilitation.phase,
      votesPerPerson: facilitation.votesPerPerson,
      votesPerCandidate: facilitation.votesPerCandidate,
      voting: facilitation.voting,
      votesRevealed: facilitation.votesRevealed,
      release: facilitation.release,
    });
    const anyVotes = data.rootCauses.some((rootCause) => rootCause.votes !== null);
    writeTallies(doc, anyVotes ? tallies : null);
    if (data.review.status === 'closed') {
      closeReview(doc, { by: data.review.closedBy ?? '', at: data.review.closedAt ?? data.exportedAt });
    }
  });
  return { anonymousFindingIds };
}

function mapOf(entries: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(entries)) map.set(key, value);
  return map;
}

function sortedIds(count: number): string[] {
  return Array.from({ length: count }, () => newId()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

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

  const timeline = list('timeline', data.timeline).map((value, index) => {
    const field = `timeline.${index}`;
    const event = record(field, value);
    return {
      at: checkIsoTimestamp(`${field}.at`, event.at),
      kind: checkEnum(`${field}.kind`, event.kind, TIMELINE_KINDS),
      text: checkString(`${field}.text`, event.text, REVIEW_LIMITS.textMaxLength),
      source:
        event.source === undefined ? '' : checkString(`${field}.source`, event.source, REVIEW_LIMITS.labelMaxLength),
    };
  });

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

function knownRef(field: string, value: unknown, known: ReadonlySet<string>, kind: string): string {
  if (typeof value !== 'string' || !known.has(value)) {
    throw new ReviewInputError(`${field}: no ${kind} has ref ${JSON.stringify(value)}`);
  }
  return value;
}
