import * as Y from 'yjs';
import { KEY_TIMES, NARRATIVE_SECTIONS } from '../schema';
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
import { rootCauseId } from '../root-causes';
import { createText } from '../text';
import { newContextMap } from '../event-context';
import { ReviewInputError } from '../validate';
import { checkExport } from './check-export';
import { writeNarrativeDoc } from './prosemirror';
import { renameCitations } from './citations';
import type { ExportedRootCauseTarget, ReviewExportData } from './to-export';

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
    // Ids sorted in list order: reads that break ties by id (events at the same time, groups made
    // in the same millisecond) then list them in the order the file does.
    const eventIds = sortedIds(data.timeline.length);
    // The narrative's citations name events by their refs in the file: point them at the new ids.
    const eventIdsByRef = new Map<string, string>();
    data.timeline.forEach((event, index) => {
      if (event.ref !== undefined) eventIdsByRef.set(event.ref, eventIds[index]!);
    });
    for (const section of NARRATIVE_SECTIONS) {
      const narrative = renameCitations(data.narrative[section].doc, (ref) => eventIdsByRef.get(ref) ?? null);
      writeNarrativeDoc(narrativeFragment(doc, section), narrative);
    }
    timelineArray(doc).push(
      data.timeline.map((event, index) =>
        mapOf({
          id: eventIds[index],
          at: event.at,
          kind: event.kind,
          text: createText(event.text),
          source: event.source,
          ...(event.learnedAt === null ? {} : { learnedAt: event.learnedAt }),
          context: newContextMap(event.context ?? undefined),
          // a context in the file is shown again, also on an event that is not a decision
          ...(event.context === null ? {} : { contextShown: true }),
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
        if (finding.weakness !== null) placement.set('weakness', finding.weakness);
        anonymousFindingIds.push(id);
        continue;
      }
      const entry = mapOf({
        id,
        category: finding.category,
        text: createText(finding.text),
        groupId,
      });
      if (finding.weakness !== null) entry.set('weakness', finding.weakness);
      if (finding.author !== undefined) entry.set('author', finding.author);
      if (finding.author !== undefined && finding.editedBy !== undefined) entry.set('editedBy', finding.editedBy);
      entry.set('createdAt', finding.createdAt);
      findingsArray(doc).push([entry]);
    }

    const tallies: Record<string, number> = {};
    const candidateId = ({ kind, ref }: ExportedRootCauseTarget) =>
      rootCauseId({ kind, id: (kind === 'finding' ? findingIds : groupIds).get(ref)! });
    for (const rootCause of data.rootCauses) {
      const kind = rootCause.target.kind;
      const id = candidateId(rootCause.target);
      if (rootCause.votes !== null) tallies[id] = rootCause.votes;
      const entry = mapOf({
        id,
        targetKind: kind,
        targetId: id.slice(kind.length + 1),
        promotedAt: rootCause.promotedAt,
      });
      if (rootCause.weakness !== null) entry.set('weakness', rootCause.weakness);
      if (rootCause.acceptedRisk !== null) entry.set('acceptedRisk', rootCause.acceptedRisk);
      rootCausesArray(doc).push([entry]);
    }

    actionsArray(doc).push(
      data.actions.map((action) => {
        const entry = mapOf({
          id: newId(),
          title: createText(action.title),
          owner: action.owner,
          due: action.due,
          status: action.status,
          priority: action.priority,
          type: action.type,
          progress: action.progress,
          findingIds: Y.Array.from([...new Set(action.findingRefs.map((ref) => findingIds.get(ref)!))]),
          rootCauseIds: Y.Array.from([...new Set(action.rootCauseTargets.map(candidateId))]),
        });
        if (action.weakness !== null) entry.set('weakness', action.weakness);
        return entry;
      }),
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
