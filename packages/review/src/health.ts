import type * as Y from 'yjs';
import { KEY_TIMES, NARRATIVE_SECTIONS } from './schema';
import type { ActionItem, KeyTime, NarrativeSection, ReviewMeta } from './schema';
import { KEY_TIME_LABELS, NARRATIVE_LABELS } from './labels';
import { listActions } from './actions';
import { traceCoverage, type Coverage } from './coverage';
import { listFindings } from './findings';
import { listGroups } from './groups';
import { readMeta } from './meta';
import { narrativeText } from './narrative';
import { listRootCauses, summariseRootCauses, type RootCauseSummary } from './root-causes';

/**
 * Review health: the checklist a facilitator sees before closing. Derived, never stored; a pure
 * function of the review's plain data and, for held anonymous findings, a count only the server
 * knows (the facilitator's `GET …/anonymous-findings/held`), taken as an input.
 */

export const HEALTH_CHECK_IDS = ['key-times', 'narrative', 'root-causes', 'actions', 'held-findings'] as const;
export type HealthCheckId = (typeof HEALTH_CHECK_IDS)[number];

export const HEALTH_CHECK_LABELS: Record<HealthCheckId, string> = {
  'key-times': 'Key times set',
  narrative: 'Narrative sections written',
  'root-causes': 'Every root cause covered by an action or accepted as a risk',
  actions: 'Every action has an owner and a due date',
  'held-findings': 'No anonymous findings held back',
};

export interface HealthCheck {
  id: HealthCheckId;
  label: string;
  ok: boolean;
  /** One line per gap, for the checklist and the report; empty when ok. */
  gaps: string[];
}

export interface ReviewHealth {
  /** True when every check passes. */
  ok: boolean;
  checks: HealthCheck[];
}

export interface HealthInput {
  times: ReviewMeta['times'];
  /** Each narrative section's plain text. */
  narrative: Record<NarrativeSection, string>;
  rootCauses: readonly Pick<RootCauseSummary, 'id' | 'text'>[];
  coverage: Coverage;
  actions: readonly Pick<ActionItem, 'id' | 'title' | 'owner' | 'due' | 'status'>[];
  /** Held anonymous findings, or null when unknown (anyone but the facilitator): that check is left out. */
  heldFindings: number | null;
}

/** The health checklist of a review (pure). Actions the team won't do need no owner or due date. */
export function reviewHealth(input: HealthInput): ReviewHealth {
  const missingTimes = KEY_TIMES.filter((key: KeyTime) => input.times[key] === undefined);
  const unwritten = NARRATIVE_SECTIONS.filter((section) => input.narrative[section].trim() === '');
  const textOf = new Map(input.rootCauses.map((rootCause) => [rootCause.id, rootCause.text]));
  const uncovered = input.coverage.rootCauses.filter((entry) => entry.state === 'uncovered');
  const actionGaps = input.actions
    .filter((action) => action.status !== 'wont-do')
    .flatMap((action) => {
      const missing = [action.owner.trim() === '' ? 'owner' : '', action.due === '' ? 'due date' : ''].filter(Boolean);
      return missing.length === 0 ? [] : [`${quote(action.title)} has no ${missing.join(' and no ')}`];
    });
  const checks: HealthCheck[] = [
    check(
      'key-times',
      missingTimes.map((key) => `${KEY_TIME_LABELS[key]} is not set`),
    ),
    check(
      'narrative',
      unwritten.map((section) => `${NARRATIVE_LABELS[section]} is empty`),
    ),
    check(
      'root-causes',
      uncovered.map((entry) => `${quote(textOf.get(entry.rootCauseId) ?? '')} has no action and no accepted risk`),
    ),
    check('actions', actionGaps),
  ];
  if (input.heldFindings !== null) {
    const held = input.heldFindings;
    checks.push(
      check(
        'held-findings',
        held > 0 ? [`${held} anonymous finding${held === 1 ? ' is' : 's are'} held, not revealed`] : [],
      ),
    );
  }
  return { ok: checks.every((entry) => entry.ok), checks };
}

/** Coverage of a review document (see coverage.ts). */
export function readCoverage(doc: Y.Doc): {
  rootCauses: RootCauseSummary[];
  actions: ActionItem[];
  coverage: Coverage;
} {
  const rootCauses = summariseRootCauses(listRootCauses(doc), listFindings(doc), listGroups(doc));
  const actions = listActions(doc);
  return { rootCauses, actions, coverage: traceCoverage(rootCauses, actions) };
}

/** The health checklist of a review document, with the server's held count when known. */
export function readReviewHealth(doc: Y.Doc, heldFindings: number | null): ReviewHealth {
  const { rootCauses, actions, coverage } = readCoverage(doc);
  return reviewHealth({
    times: readMeta(doc).times,
    narrative: Object.fromEntries(
      NARRATIVE_SECTIONS.map((section) => [section, narrativeText(doc, section)]),
    ) as Record<NarrativeSection, string>,
    rootCauses,
    coverage,
    actions,
    heldFindings,
  });
}

function check(id: HealthCheckId, gaps: string[]): HealthCheck {
  return { id, label: HEALTH_CHECK_LABELS[id], ok: gaps.length === 0, gaps };
}

function quote(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return `“${line.length > 60 ? `${line.slice(0, 59)}…` : line || 'Untitled'}”`;
}
