import * as Y from 'yjs';
import type { Finding, FindingCategory, VotingState, Weakness } from './schema';
import { findEntry, findingsArray, groupsMap, ROOT_NAMES, rootCausesArray } from './doc';
import { unlinkRootCauseFromAllActions } from './actions';
import {
  listRootCauses,
  rootCauseId,
  ROOT_CAUSE_TARGET_KINDS,
  type RootCauseCandidate,
  type RootCauseTarget,
} from './candidates';
import { listFindings } from './findings';
import { listGroups, type FindingGroup } from './groups';
import { checkEnum, checkId, checkObject, checkString, REVIEW_LIMITS, ReviewInputError } from './validate';
import { checkWeakness, writeWeakness } from './weakness';

export {
  listRootCauses,
  rootCauseId,
  ROOT_CAUSE_TARGET_KINDS,
  type RootCauseCandidate,
  type RootCauseTarget,
  type RootCauseTargetKind,
} from './candidates';

/**
 * Promotes a finding or group to root-cause candidate and returns the candidate id. Idempotent:
 * promoting a target that already is a candidate changes nothing. Concurrent promotions of one target
 * may store two entries; reads keep the first.
 */
export function promoteToRootCause(doc: Y.Doc, target: RootCauseTarget): string {
  const checked = checkTarget(target);
  if (!targetExists(doc, checked))
    throw new ReviewInputError(`unknown ${checked.kind} id ${JSON.stringify(checked.id)}`);
  const id = rootCauseId(checked);
  const candidates = rootCausesArray(doc);
  if (findEntry(candidates, id)) return id;
  const candidate = new Y.Map<unknown>();
  candidate.set('id', id);
  candidate.set('targetKind', checked.kind);
  candidate.set('targetId', checked.id);
  candidate.set('promotedAt', new Date().toISOString());
  candidates.push([candidate]);
  return id;
}

/**
 * Ends a target's candidacy (every stored entry for it) and drops every action's link to it, in one
 * transaction; a no-op when it is none.
 */
export function demoteRootCause(doc: Y.Doc, target: RootCauseTarget): void {
  const id = rootCauseId(checkTarget(target));
  const candidates = rootCausesArray(doc);
  doc.transact(() => {
    for (let index = candidates.length - 1; index >= 0; index--) {
      const entry = candidates.get(index);
      if (entry instanceof Y.Map && entry.get('id') === id) candidates.delete(index, 1);
    }
    unlinkRootCauseFromAllActions(doc, id);
  });
}

/** Fields of a candidate `updateRootCause` may change; null clears one. */
export interface RootCausePatch {
  weakness?: Weakness | null;
  /** Why the team accepts the risk of leaving it without an action (non-empty), or null to withdraw. */
  acceptedRisk?: string | null;
}

/**
 * Sets a listed candidate's weakness or accepted risk, on every stored entry for it (see
 * `listRootCauses`), in one transaction. Neither changes which candidates exist, so the server lets
 * it through while voting has frozen the candidates.
 */
export function updateRootCause(doc: Y.Doc, candidateId: string, patch: RootCausePatch): void {
  checkObject('patch', patch);
  const weakness = patch.weakness === undefined ? undefined : checkWeakness(patch.weakness);
  const acceptedRisk = patch.acceptedRisk === undefined ? undefined : checkAcceptedRisk(patch.acceptedRisk);
  const id = checkId('root cause id', candidateId);
  if (!listRootCauses(doc).some((candidate) => candidate.id === id))
    throw new ReviewInputError(`unknown root cause id ${JSON.stringify(id)}`);
  doc.transact(() => {
    for (const entry of rootCausesArray(doc)) {
      if (!(entry instanceof Y.Map) || entry.get('id') !== id) continue;
      if (weakness !== undefined) writeWeakness(entry, weakness);
      if (acceptedRisk === null) entry.delete('acceptedRisk');
      else if (acceptedRisk !== undefined) entry.set('acceptedRisk', acceptedRisk);
    }
  });
}

function checkAcceptedRisk(value: unknown): string | null {
  if (value === null) return null;
  const reason = checkString('accepted risk reason', value, REVIEW_LIMITS.reasonMaxLength).trim();
  if (reason === '') throw new ReviewInputError('accepting a risk needs a reason');
  return reason;
}

/** True when the target is a root-cause candidate (and exists). */
export function isRootCause(doc: Y.Doc, target: RootCauseTarget): boolean {
  return listRootCauses(doc).some((candidate) => candidate.id === rootCauseId(target));
}

/**
 * Ids of the findings that are root-cause candidates: promoted themselves, or members of a promoted
 * group. Actions link to findings, so this is what marks a linked finding as a root cause.
 */
export function rootCauseFindingIds(doc: Y.Doc, findings: readonly Pick<Finding, 'id' | 'groupId'>[]): Set<string> {
  const ids = new Set<string>();
  const groups = new Set<string>();
  // listRootCauses leaves out candidates whose finding or group no longer exists.
  for (const { target } of listRootCauses(doc)) (target.kind === 'finding' ? ids : groups).add(target.id);
  if (groups.size > 0)
    for (const finding of findings) if (finding.groupId !== null && groups.has(finding.groupId)) ids.add(finding.id);
  return ids;
}

/** A candidate with what a list of candidates shows: its text and column. */
export interface RootCauseSummary extends RootCauseCandidate {
  /** The finding's text, or the group's name. */
  text: string;
  category: FindingCategory;
  /** The finding itself, or the group's findings. */
  findingIds: string[];
}

/**
 * Joins candidates with the findings and groups they point at (pure; from `listRootCauses`,
 * `listFindings`, `listGroups`). Candidates whose target is not in the lists are left out.
 */
export function summariseRootCauses(
  candidates: readonly RootCauseCandidate[],
  findings: readonly Finding[],
  groups: readonly FindingGroup[],
): RootCauseSummary[] {
  const findingsById = new Map(findings.map((finding) => [finding.id, finding]));
  const groupsById = new Map(groups.map((group) => [group.id, group]));
  const summaries: RootCauseSummary[] = [];
  for (const candidate of candidates) {
    if (candidate.target.kind === 'finding') {
      const finding = findingsById.get(candidate.target.id);
      if (finding)
        summaries.push({ ...candidate, text: finding.text, category: finding.category, findingIds: [finding.id] });
    } else {
      const group = groupsById.get(candidate.target.id);
      if (group)
        summaries.push({ ...candidate, text: group.name, category: group.category, findingIds: group.findingIds });
    }
  }
  return summaries;
}

/**
 * Whether the candidates are frozen: from the moment voting opens (also once closed or locked) no
 * candidate may be promoted or demoted, nor disappear with its finding or group, so the vote and
 * the ranking cover one fixed set. Resetting voting to `not-started` unfreezes them.
 */
export function rootCausesFrozen(voting: VotingState): boolean {
  return voting !== 'not-started';
}

/**
 * The ids of the candidates a board shows (`summariseRootCauses`), sorted: what must stay the same
 * while the candidates are frozen.
 */
export function shownRootCauseIds(doc: Y.Doc): string[] {
  return summariseRootCauses(listRootCauses(doc), listFindings(doc), listGroups(doc))
    .map((summary) => summary.id)
    .sort();
}

/**
 * Where a write can change `shownRootCauseIds`: root name → the deepest level of type it matters in
 * (0 for the root itself, 1 for its entries' fields). Deeper levels hold the words of findings and
 * group names, which never decide whether a candidate shows. The server-owned `anonymous` root
 * matters too (an anonymous finding's words and column) but no client can write it.
 */
export const ROOT_CAUSE_INPUTS: ReadonlyMap<string, number> = new Map([
  [ROOT_NAMES.rootCauses, Number.POSITIVE_INFINITY],
  [ROOT_NAMES.findings, 1],
  [ROOT_NAMES.groups, 1],
]);

function checkTarget(target: RootCauseTarget): RootCauseTarget {
  checkObject('target', target);
  return {
    kind: checkEnum('target kind', target.kind, ROOT_CAUSE_TARGET_KINDS),
    id: checkId('target id', target.id),
  };
}

function targetExists(doc: Y.Doc, target: RootCauseTarget): boolean {
  if (target.kind === 'group') return groupsMap(doc).get(target.id) instanceof Y.Map;
  return findEntry(findingsArray(doc), target.id) !== undefined;
}

/** A candidate in the order the list shows it, with its published tally and rank once revealed. */
export interface RankedCandidate<T> {
  candidate: T;
  /** Votes in all, or null while the tallies are hidden. */
  tally: number | null;
  /** 1 for the most votes; tied candidates share a rank (1, 2, 2, 4). Null while hidden. */
  rank: number | null;
}

/**
 * Candidates as the list shows them: while the tallies are hidden, in promotion order; once
 * revealed, most votes first, ties keeping promotion order (so every screen shows the same list).
 */
export function rankCandidates<T extends { id: string }>(
  candidates: readonly T[],
  tallies: Readonly<Record<string, number>> | null,
): Array<RankedCandidate<T>> {
  if (tallies === null) return candidates.map((candidate) => ({ candidate, tally: null, rank: null }));
  const counted = candidates.map((candidate) => ({ candidate, tally: tallies[candidate.id] ?? 0 }));
  // Array.prototype.sort is stable: equal tallies keep promotion order.
  const sorted = [...counted].sort((a, b) => b.tally - a.tally);
  // Tied candidates share the rank of the first of them.
  return sorted.map((entry) => ({ ...entry, rank: sorted.findIndex((other) => other.tally === entry.tally) + 1 }));
}
