/**
 * The report as plain data: every section of a review in reading order, derived from the shared
 * document through @hindsight/review's read functions. The derivations (grouping, ranking,
 * ordering) are pure and unit-tested; `readReport` gathers them from a Y.Doc.
 */
import type * as Y from 'yjs';
import {
  FINDING_CATEGORIES,
  listActions,
  listFindings,
  listGroups,
  listRootCauses,
  listTimeline,
  NARRATIVE_SECTIONS,
  narrativeFragment,
  rankCandidates,
  readControl,
  readMeta,
  sortTimeline,
  summariseRootCauses,
  type ActionItem,
  type Finding,
  type FindingCategory,
  type FindingGroup,
  type NarrativeSection,
  type ReviewControl,
  type ReviewMeta,
  type RootCauseCandidate,
  type TimelineEvent,
} from '@hindsight/review';
import { isOverdue, sortActions } from '../board/actions/action-view';
import { readRichText, type RichBlock } from './rich-text';

/** A finding as the report prints it. */
export interface ReportFinding {
  id: string;
  text: string;
  /**
   * The author's name (with "· edited by X" when someone else reworded it), "Anonymous" for a
   * finding published anonymously, or null when unnamed.
   */
  byline: string | null;
  anonymous: boolean;
}

/** A named group of findings within one category. */
export interface ReportFindingGroup {
  id: string;
  name: string;
  findings: ReportFinding[];
}

/** One category of findings: its groups (in the board's group order), then the ungrouped findings. */
export interface ReportCategory {
  category: FindingCategory;
  count: number;
  groups: ReportFindingGroup[];
  ungrouped: ReportFinding[];
}

/** The label a finding carries in the report. */
export function findingByline(finding: Pick<Finding, 'author' | 'editedBy' | 'anonymous'>): string | null {
  if (finding.anonymous) return 'Anonymous';
  const author = finding.author?.trim();
  if (!author) return null;
  const editor = finding.editedBy?.trim();
  return editor ? `${author} · edited by ${editor}` : author;
}

function reportFinding(finding: Finding): ReportFinding {
  return { id: finding.id, text: finding.text, byline: findingByline(finding), anonymous: finding.anonymous === true };
}

/**
 * Findings by category (every category, in board order), each split into its groups and the rest.
 * A finding shows in its group only while both sit in the same column (as on the board); groups
 * without findings in a column are left out, there being nothing to read.
 */
export function groupFindingsForReport(
  findings: readonly Finding[],
  groups: readonly FindingGroup[],
): ReportCategory[] {
  const groupById = new Map(groups.map((group) => [group.id, group]));
  return FINDING_CATEGORIES.map((category) => {
    const inCategory = findings.filter((finding) => finding.category === category);
    const members = new Map<string, ReportFinding[]>();
    const ungrouped: ReportFinding[] = [];
    for (const finding of inCategory) {
      const group = finding.groupId === null ? undefined : groupById.get(finding.groupId);
      if (group && group.category === category) {
        members.set(group.id, [...(members.get(group.id) ?? []), reportFinding(finding)]);
      } else {
        ungrouped.push(reportFinding(finding));
      }
    }
    const categoryGroups = groups
      .filter((group) => members.has(group.id))
      .map((group) => ({ id: group.id, name: group.name, findings: members.get(group.id)! }));
    return { category, count: inCategory.length, groups: categoryGroups, ungrouped };
  });
}

/** A root-cause candidate as the report prints it. */
export interface ReportRootCause {
  id: string;
  kind: 'finding' | 'group';
  /** The finding's text or the group's name. */
  title: string;
  category: FindingCategory;
  /** For a group, its findings; for a finding, the finding itself. */
  findings: ReportFinding[];
  /** Votes, once the facilitator has revealed them; null before. */
  tally: number | null;
  /** 1 for the most votes, shared by ties (1, 2, 2, 4); null while votes are hidden. */
  rank: number | null;
}

/**
 * Root causes ranked by the revealed tallies (most votes first, ties in promotion order), or in
 * promotion order with no counts while the tallies are hidden.
 */
export function rankRootCausesForReport(
  candidates: readonly RootCauseCandidate[],
  findings: readonly Finding[],
  groups: readonly FindingGroup[],
  tallies: Readonly<Record<string, number>> | null,
): ReportRootCause[] {
  const findingsById = new Map(findings.map((finding) => [finding.id, finding]));
  const summaries = summariseRootCauses(candidates, findings, groups);
  return rankCandidates(summaries, tallies).map(({ candidate, tally, rank }) => ({
    id: candidate.id,
    kind: candidate.target.kind,
    title: candidate.text,
    category: candidate.category,
    findings: candidate.findingIds
      .map((id) => findingsById.get(id))
      .filter((finding): finding is Finding => finding !== undefined)
      .map(reportFinding),
    tally,
    rank,
  }));
}

/** An action item as the report prints it. */
export interface ReportAction extends ActionItem {
  overdue: boolean;
  /** The texts of the findings it addresses, in link order. */
  findingTexts: string[];
}

/** Action items by priority, then due date, then title (the board's priority order), each marked overdue or not. */
export function actionsForReport(
  actions: readonly ActionItem[],
  findings: readonly Finding[],
  today: string,
): ReportAction[] {
  const textById = new Map(findings.map((finding) => [finding.id, finding.text]));
  return sortActions(actions, { key: 'priority', direction: 'asc' }).map((action) => ({
    ...action,
    overdue: isOverdue(action, today),
    findingTexts: action.findingIds.map((id) => textById.get(id)).filter((text): text is string => text !== undefined),
  }));
}

/** The closing facts of the review, from the server-owned controls. */
export type ReportClosing = Pick<ReviewControl, 'status' | 'closedAt' | 'closedBy'>;

/** Everything the report shows, section by section. */
export interface ReportModel {
  meta: ReviewMeta;
  closing: ReportClosing;
  narrative: Record<NarrativeSection, RichBlock[]>;
  timeline: TimelineEvent[];
  findings: ReportCategory[];
  rootCauses: ReportRootCause[];
  actions: ReportAction[];
}

/** Reads the report from the document; `today` (YYYY-MM-DD, the reader's zone) decides what is overdue. */
export function readReport(doc: Y.Doc, today: string): ReportModel {
  const control = readControl(doc);
  const findings = listFindings(doc);
  const groups = listGroups(doc);
  return {
    meta: readMeta(doc),
    closing: { status: control.status, closedAt: control.closedAt, closedBy: control.closedBy },
    narrative: Object.fromEntries(
      NARRATIVE_SECTIONS.map((section) => [section, readRichText(narrativeFragment(doc, section))]),
    ) as Record<NarrativeSection, RichBlock[]>,
    timeline: sortTimeline(listTimeline(doc)),
    findings: groupFindingsForReport(findings, groups),
    rootCauses: rankRootCausesForReport(listRootCauses(doc), findings, groups, control.tallies),
    actions: actionsForReport(listActions(doc), findings, today),
  };
}

/**
 * `next`, with every part that did not change replaced by the one from `previous` (so memoised
 * sections skip re-rendering); `previous` itself when nothing changed. Typing in one note then
 * re-renders the findings, not the timeline or the narrative.
 */
export function reuseUnchanged(previous: ReportModel, next: ReportModel): ReportModel {
  let changed = false;
  const keep = <T>(before: T, after: T): T => {
    if (before === after || JSON.stringify(before) === JSON.stringify(after)) return before;
    changed = true;
    return after;
  };
  const narrative = Object.fromEntries(
    NARRATIVE_SECTIONS.map((section) => [section, keep(previous.narrative[section], next.narrative[section])]),
  ) as Record<NarrativeSection, RichBlock[]>;
  const result: ReportModel = {
    meta: keep(previous.meta, next.meta),
    closing: keep(previous.closing, next.closing),
    narrative: NARRATIVE_SECTIONS.every((section) => narrative[section] === previous.narrative[section])
      ? previous.narrative
      : narrative,
    timeline: keep(previous.timeline, next.timeline),
    findings: keep(previous.findings, next.findings),
    rootCauses: keep(previous.rootCauses, next.rootCauses),
    actions: keep(previous.actions, next.actions),
  };
  return changed ? result : previous;
}
