import type { ActionItem } from './schema';
import type { RootCauseSummary } from './root-causes';

/**
 * Coverage: which actions address which root causes. Derived from the links, never stored, so it
 * cannot disagree with them.
 *
 * An action addresses a root cause when it links to the candidate itself or to one of the
 * candidate's findings (the finding promoted, or a member of the group promoted): a team that
 * linked its fix to the note it voted on expects that note's root cause to count as covered, and
 * boards from before root-cause links covered their causes that way. An action the team won't do
 * (`wont-do`) is still listed but covers nothing.
 */

/** covered: some action addresses it · accepted: none does, the team accepted the risk · uncovered: neither. */
export type CoverageState = 'covered' | 'accepted' | 'uncovered';

/** How an action reaches a root cause: linked to the candidate, or to one of its findings. */
export type CoverageLink = 'root-cause' | 'finding';

export interface RootCauseCoverage {
  rootCauseId: string;
  /** The actions addressing it, in action order; a direct link wins over a finding link. */
  actions: Array<{ actionId: string; via: CoverageLink; counts: boolean }>;
  state: CoverageState;
  /** The accepted-risk reason, also kept (and shown) while actions cover it. */
  acceptedRisk: string | null;
}

export interface ActionCoverage {
  actionId: string;
  /** Root causes it addresses, directly or through a finding, in promotion order. */
  rootCauseIds: string[];
  /** Findings it links to, in link order. */
  findingIds: string[];
}

export interface Coverage {
  rootCauses: RootCauseCoverage[];
  actions: ActionCoverage[];
}

type CoverageRootCause = Pick<RootCauseSummary, 'id' | 'findingIds' | 'acceptedRisk'>;
type CoverageAction = Pick<ActionItem, 'id' | 'status' | 'findingIds' | 'rootCauseIds'>;

/** Coverage of root causes (from `summariseRootCauses`) by actions (from `listActions`); pure. */
export function traceCoverage(rootCauses: readonly CoverageRootCause[], actions: readonly CoverageAction[]): Coverage {
  const byRootCause = rootCauses.map((rootCause): RootCauseCoverage => {
    const members = new Set(rootCause.findingIds);
    const addressing = actions.flatMap((action) => {
      const via = linkBetween(action, rootCause.id, members);
      return via === undefined ? [] : [{ actionId: action.id, via, counts: action.status !== 'wont-do' }];
    });
    const acceptedRisk = rootCause.acceptedRisk ?? null;
    const state: CoverageState = addressing.some((entry) => entry.counts)
      ? 'covered'
      : acceptedRisk !== null
        ? 'accepted'
        : 'uncovered';
    return { rootCauseId: rootCause.id, actions: addressing, state, acceptedRisk };
  });
  const byAction = actions.map(
    (action): ActionCoverage => ({
      actionId: action.id,
      rootCauseIds: rootCauses
        .filter((rootCause) => linkBetween(action, rootCause.id, new Set(rootCause.findingIds)) !== undefined)
        .map((rootCause) => rootCause.id),
      findingIds: [...action.findingIds],
    }),
  );
  return { rootCauses: byRootCause, actions: byAction };
}

function linkBetween(
  action: CoverageAction,
  rootCauseId: string,
  members: ReadonlySet<string>,
): CoverageLink | undefined {
  if (action.rootCauseIds.includes(rootCauseId)) return 'root-cause';
  return action.findingIds.some((id) => members.has(id)) ? 'finding' : undefined;
}
