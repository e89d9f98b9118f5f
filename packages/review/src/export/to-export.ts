import type * as Y from 'yjs';
import { KEY_TIMES, NARRATIVE_SECTIONS } from '../schema';
import type {
  EventContext,
  ActionPriority,
  ActionStatus,
  ActionType,
  AnonymityPolicy,
  FindingCategory,
  KeyTime,
  NarrativeSection,
  Phase,
  ReleaseMode,
  ReviewStatus,
  Severity,
  TimelineKind,
  VotingState,
  Weakness,
} from '../schema';
import { listActions } from '../actions';
import { readControl } from '../control';
import { listFindings } from '../findings';
import { effectiveGroupId, listGroups } from '../groups';
import { readMeta } from '../meta';
import { incidentDurations, sortTimeline } from '../metrics';
import { narrativeFragment, narrativeText } from '../narrative';
import { listRootCauses, summariseRootCauses, type RootCauseTargetKind } from '../root-causes';
import { listTimeline } from '../timeline';
import { fragmentToNarrativeDoc, type NarrativeNode } from './prosemirror';
import { renameCitations } from './citations';

/**
 * A whole review as plain data: what `GET /api/reviews/:id/export.json` returns and
 * `POST /api/reviews/import` accepts. `packages/protocol/src/export.ts` holds the zod schema that
 * mirrors this type, and docs/EXPORT.md documents every field.
 *
 * Findings and groups are named by references local to the file (`F1`, `G1`, in the order they
 * are listed), not by the document's ids: a file reads the same whenever it is exported, and an
 * import mints new ids anyway.
 */
export interface ReviewExportData {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** When the file was made, ISO 8601 UTC. Ignored by import. */
  exportedAt: string;
  /** True when participant names were replaced by "Participant 1", "Participant 2", ... */
  redacted: boolean;
  review: ExportedReviewHeader;
  facilitation: ExportedFacilitation;
  narrative: Record<NarrativeSection, ExportedNarrativeSection>;
  /** In time order (ties by the order they were entered). */
  timeline: ExportedTimelineEvent[];
  /** In the order they are listed on the board (oldest first). */
  groups: ExportedGroup[];
  /** In stored order. */
  findings: ExportedFinding[];
  /** In promotion order. */
  rootCauses: ExportedRootCause[];
  /** In stored order. */
  actions: ExportedAction[];
}

export const EXPORT_FORMAT = 'hindsight-review';
export const EXPORT_VERSION = 1;

export interface ExportedReviewHeader {
  title: string;
  severity: Severity;
  status: ReviewStatus;
  /** When the review was created on the server it was exported from; null when unknown. Not imported. */
  createdAt: string | null;
  closedAt: string | null;
  /** Display name of the facilitator who closed it. */
  closedBy: string | null;
  keyTimes: Record<KeyTime, string | null>;
  /** Derived from the key times (milliseconds from `started`); ignored by import. */
  durations: { timeToDetectMs: number | null; timeToMitigateMs: number | null; timeToResolveMs: number | null };
}

/** The facilitator's settings that shape how the review reads (the phase timer is left out). */
export interface ExportedFacilitation {
  anonymity: AnonymityPolicy;
  phase: Phase;
  votesPerPerson: number;
  votesPerCandidate: number | null;
  voting: VotingState;
  /** Whether the facilitator has revealed the votes (root causes carry `votes` once tallies are published). */
  votesRevealed: boolean;
  release: ReleaseMode;
}

export interface ExportedNarrativeSection {
  /** Plain text, blocks on their own lines. Ignored by import when `doc` is given. */
  text: string;
  /** The rich text as a ProseMirror `doc` node (Tiptap's JSON). */
  doc: NarrativeNode;
}

export interface ExportedTimelineEvent {
  /**
   * `E1`, `E2`, ... in the listed order: what the narrative's citations name in a file. Always
   * written; absent only in files from before citations (their narrative then cites nothing).
   */
  ref?: string;
  at: string;
  kind: TimelineKind;
  text: string;
  source: string;
  /** When the team learned of it; null when not recorded. */
  learnedAt: string | null;
  /** What was known, the goal and the pressures; null when the event shows no context card. */
  context: EventContext | null;
}

export interface ExportedGroup {
  ref: string;
  name: string;
  category: FindingCategory;
  createdAt: string;
}

interface ExportedFindingBase {
  ref: string;
  category: FindingCategory;
  text: string;
  /** The group it is in (a `ref` from `groups`), or null. */
  group: string | null;
  createdAt: string;
  /** The systemic weakness it was filed under, or null. */
  weakness: Weakness | null;
}

/** A finding published anonymously: there is no author field at all. */
export interface ExportedAnonymousFinding extends ExportedFindingBase {
  anonymous: true;
}

export interface ExportedNamedFinding extends ExportedFindingBase {
  anonymous: false;
  /** Absent when the finding was written without a name. */
  author?: string;
  /** Who last reworded it, when not its author; only beside an author. */
  editedBy?: string;
}

export type ExportedFinding = ExportedAnonymousFinding | ExportedNamedFinding;

export interface ExportedRootCause {
  target: { kind: RootCauseTargetKind; ref: string };
  /** The finding's text or the group's name, for readers; ignored by import. */
  text: string;
  promotedAt: string;
  /** The published tally (`control.tallies`); null while none are published. */
  votes: number | null;
  weakness: Weakness | null;
  /** Why the team accepts the risk of leaving it without an action, or null. */
  acceptedRisk: string | null;
}

/** A root cause named by its target, as in `ExportedRootCause.target`. */
export interface ExportedRootCauseTarget {
  kind: RootCauseTargetKind;
  ref: string;
}

export interface ExportedAction {
  title: string;
  /** '' when nobody owns it. */
  owner: string;
  /** YYYY-MM-DD or ''. */
  due: string;
  status: ActionStatus;
  priority: ActionPriority;
  type: ActionType;
  /** Findings it addresses (refs from `findings`). */
  findingRefs: string[];
  /** Root causes it addresses by a direct link (targets of entries in `rootCauses`). */
  rootCauseTargets: ExportedRootCauseTarget[];
  weakness: Weakness | null;
  /** The action's progress note; '' when none. */
  progress: string;
}

export interface ToExportOptions {
  /** Default: now. */
  exportedAt?: string;
  /** The review's creation time as the server recorded it. */
  createdAt?: string | null;
}

/** The whole review as export data, read from the live document. Pure read: the doc is not changed. */
export function toExport(doc: Y.Doc, options: ToExportOptions = {}): ReviewExportData {
  const meta = readMeta(doc);
  const timeline = listTimeline(doc);
  const control = readControl(doc);
  const findings = listFindings(doc);
  const groups = listGroups(doc);
  const groupIds = new Set(groups.map((group) => group.id));
  const groupRefs = new Map(groups.map((group, index) => [group.id, `G${index + 1}`]));
  const findingRefs = new Map(findings.map((finding, index) => [finding.id, `F${index + 1}`]));
  const candidates = listRootCauses(doc);
  const summaries = new Map(summariseRootCauses(candidates, findings, groups).map((summary) => [summary.id, summary]));
  const tallies = control.tallies;
  const events = sortTimeline(timeline);
  const eventRefs = new Map(events.map((event, index) => [event.id, `E${index + 1}`]));

  const exportedFindings = findings.map((finding): ExportedFinding => {
    const groupId = effectiveGroupId(finding, groupIds);
    const base = {
      ref: findingRefs.get(finding.id)!,
      category: finding.category,
      text: finding.text,
      group: groupId === null ? null : groupRefs.get(groupId)!,
      createdAt: finding.createdAt,
      weakness: finding.weakness ?? null,
    };
    if (finding.anonymous) return { ...base, anonymous: true };
    if (finding.author === undefined) return { ...base, anonymous: false };
    return finding.editedBy === undefined
      ? { ...base, anonymous: false, author: finding.author }
      : { ...base, anonymous: false, author: finding.author, editedBy: finding.editedBy };
  });

  const rootCauses: ExportedRootCause[] = [];
  const targetsById = new Map<string, ExportedRootCauseTarget>();
  for (const candidate of candidates) {
    const ref =
      candidate.target.kind === 'finding' ? findingRefs.get(candidate.target.id) : groupRefs.get(candidate.target.id);
    const summary = summaries.get(candidate.id);
    if (ref === undefined || summary === undefined) continue; // its finding is not listed (malformed)
    targetsById.set(candidate.id, { kind: candidate.target.kind, ref });
    rootCauses.push({
      target: { kind: candidate.target.kind, ref },
      text: summary.text,
      promotedAt: candidate.promotedAt,
      votes: tallies === null ? null : (tallies[candidate.id] ?? 0),
      weakness: candidate.weakness ?? null,
      acceptedRisk: candidate.acceptedRisk ?? null,
    });
  }

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: options.exportedAt ?? new Date().toISOString(),
    redacted: false,
    review: {
      title: meta.title,
      severity: meta.severity,
      status: meta.status,
      createdAt: options.createdAt ?? null,
      closedAt: control.closedAt,
      closedBy: control.closedBy,
      keyTimes: Object.fromEntries(KEY_TIMES.map((key) => [key, meta.times[key] ?? null])) as Record<
        KeyTime,
        string | null
      >,
      durations: incidentDurations(meta.times, timeline),
    },
    facilitation: {
      anonymity: control.anonymity,
      phase: control.phase,
      votesPerPerson: control.votesPerPerson,
      votesPerCandidate: control.votesPerCandidate,
      voting: control.voting,
      votesRevealed: control.votesRevealed,
      release: control.release,
    },
    narrative: Object.fromEntries(
      NARRATIVE_SECTIONS.map((section) => [
        section,
        {
          text: narrativeText(doc, section),
          doc: renameCitations(
            fragmentToNarrativeDoc(narrativeFragment(doc, section)),
            (eventId) => eventRefs.get(eventId) ?? null,
          ),
        },
      ]),
    ) as Record<NarrativeSection, ExportedNarrativeSection>,
    timeline: events.map(({ id, at, kind, text, source, learnedAt, context }) => ({
      ref: eventRefs.get(id)!,
      at,
      kind,
      text,
      source,
      learnedAt: learnedAt ?? null,
      context: context ?? null,
    })),
    groups: groups.map((group) => ({
      ref: groupRefs.get(group.id)!,
      name: group.name,
      category: group.category,
      createdAt: group.createdAt,
    })),
    findings: exportedFindings,
    rootCauses,
    actions: listActions(doc).map((action) => ({
      title: action.title,
      owner: action.owner,
      due: action.due,
      status: action.status,
      priority: action.priority,
      type: action.type,
      findingRefs: action.findingIds.flatMap((id) => {
        const ref = findingRefs.get(id);
        return ref === undefined ? [] : [ref];
      }),
      rootCauseTargets: action.rootCauseIds.flatMap((id) => {
        const target = targetsById.get(id);
        return target === undefined ? [] : [{ ...target }];
      }),
      weakness: action.weakness ?? null,
      progress: action.progress,
    })),
  };
}
