import type * as Y from 'yjs';
import { NARRATIVE_SECTIONS } from './schema';
import type {
  ActionPriority,
  ActionStatus,
  ActionType,
  ReviewStatus,
  Severity,
  TimelineEvent,
  Weakness,
} from './schema';
import { WEAKNESSES } from './schema';
import { listActions } from './actions';
import { readControl } from './control';
import { listFindings } from './findings';
import { listGroups } from './groups';
import { readMeta } from './meta';
import { incidentDurations } from './metrics';
import { narrativeText } from './narrative';
import { listRootCauses, summariseRootCauses } from './root-causes';
import { listTimeline } from './timeline';

/**
 * What a team space knows of one review without loading its document: the header, the durations,
 * the weaknesses it names and its action items. Derived from the document (never stored in it), so
 * the server keeps a copy per review and refreshes it after changes. Never an author: no finding
 * is listed, and nothing here says who wrote anything (an action's owner is the person the team
 * made responsible, which the space's follow-up table exists to show).
 */
export interface ReviewSummaryData {
  title: string;
  severity: Severity;
  status: ReviewStatus;
  closedAt: string | null;
  startedAt: string | null;
  resolvedAt: string | null;
  toDetectMinutes: number | null;
  toResolveMinutes: number | null;
  /** Every weakness named by a finding, a root cause or an action, in taxonomy order. */
  weaknesses: Weakness[];
  /** The weakness of each root cause filed under one (a weakness twice when two root causes name it). */
  rootCauseWeaknesses: Weakness[];
  actions: SummaryAction[];
}

/** An action item as a space lists it. */
export interface SummaryAction {
  id: string;
  title: string;
  owner: string;
  due: string;
  status: ActionStatus;
  priority: ActionPriority;
  type: ActionType;
  weakness: Weakness | null;
}

/** Where a piece of indexed text comes from (a search hit names it). */
export const SEARCH_SECTIONS = ['title', 'finding', 'timeline', 'narrative', 'action', 'root-cause'] as const;
export type SearchSection = (typeof SEARCH_SECTIONS)[number];

/** One indexed text of a review. */
export interface SearchText {
  section: SearchSection;
  text: string;
}

/** Longest text indexed from one item: past it, a hit would only ever show its beginning anyway. */
export const SEARCH_TEXT_MAX_CHARS = 20_000;

/** The summary a space shows of this review (see ReviewSummaryData). */
export function reviewSummary(doc: Y.Doc): ReviewSummaryData {
  const meta = readMeta(doc);
  const control = readControl(doc);
  const timeline = listTimeline(doc);
  const findings = listFindings(doc);
  const rootCauses = listRootCauses(doc);
  const actions = listActions(doc);
  const durations = incidentDurations(meta.times, timeline);
  const named = new Set<Weakness>();
  for (const item of [...findings, ...rootCauses, ...actions]) if (item.weakness) named.add(item.weakness);
  return {
    title: meta.title,
    severity: meta.severity,
    status: meta.status,
    closedAt: meta.status === 'closed' ? control.closedAt : null,
    startedAt: meta.times.started ?? null,
    resolvedAt: meta.times.resolved ?? null,
    toDetectMinutes: minutes(durations.timeToDetectMs),
    toResolveMinutes: minutes(durations.timeToResolveMs),
    weaknesses: WEAKNESSES.filter((weakness) => named.has(weakness)),
    rootCauseWeaknesses: rootCauses.flatMap((rootCause) => (rootCause.weakness ? [rootCause.weakness] : [])),
    actions: actions.map((action) => ({
      id: action.id,
      title: action.title,
      owner: action.owner,
      due: action.due,
      status: action.status,
      priority: action.priority,
      type: action.type,
      weakness: action.weakness ?? null,
    })),
  };
}

/**
 * The review's searchable text, one entry per item: the title, every finding on the board (a held
 * anonymous finding is not in the document, so it cannot be here), timeline event texts, each
 * narrative section's plain text, action titles, and root causes (a finding promoted to root cause
 * is listed as one, a group by its name). Never an author, a source or an editor's name. Empty
 * texts are left out; long ones are cut at SEARCH_TEXT_MAX_CHARS.
 */
export function reviewSearchText(doc: Y.Doc): SearchText[] {
  const findings = listFindings(doc);
  const rootCauses = summariseRootCauses(listRootCauses(doc), findings, listGroups(doc));
  const promoted = new Set(
    rootCauses.flatMap((rootCause) => (rootCause.target.kind === 'finding' ? [rootCause.target.id] : [])),
  );
  const entries: SearchText[] = [
    { section: 'title', text: readMeta(doc).title },
    ...findings.map((finding) => ({
      section: promoted.has(finding.id) ? ('root-cause' as const) : ('finding' as const),
      text: finding.text,
    })),
    ...rootCauses
      .filter((rootCause) => rootCause.target.kind === 'group')
      .map((rootCause) => ({ section: 'root-cause' as const, text: rootCause.text })),
    ...listTimeline(doc).map((event: TimelineEvent) => ({ section: 'timeline' as const, text: event.text })),
    ...NARRATIVE_SECTIONS.map((section) => ({ section: 'narrative' as const, text: narrativeText(doc, section) })),
    ...listActions(doc).map((action) => ({ section: 'action' as const, text: action.title })),
  ];
  return entries
    .map((entry) => ({ section: entry.section, text: entry.text.trim().slice(0, SEARCH_TEXT_MAX_CHARS) }))
    .filter((entry) => entry.text !== '');
}

function minutes(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 60_000);
}
