import * as Y from 'yjs';
import type { Weakness } from './schema';
import { findingsArray, groupsMap, rootCausesArray, wellFormedEntries } from './doc';
import { parseIsoTimestamp } from './validate';
import { readWeakness } from './weakness';

/**
 * Reading root-cause candidates: what they are and which are listed. Kept apart from the writes
 * (root-causes.ts) so that actions, which link to candidates, can read them without an import cycle.
 */

export const ROOT_CAUSE_TARGET_KINDS = ['finding', 'group'] as const;
export type RootCauseTargetKind = (typeof ROOT_CAUSE_TARGET_KINDS)[number];

/** What a root-cause candidate points at: a finding or a group of findings. */
export interface RootCauseTarget {
  kind: RootCauseTargetKind;
  id: string;
}

/** A finding or group promoted for the team to vote on. Votes are not stored in the doc (see README). */
export interface RootCauseCandidate {
  /** Derived from the target (`finding:<id>` / `group:<id>`): the same on every replica that promotes it. */
  id: string;
  target: RootCauseTarget;
  /** ISO 8601 UTC. */
  promotedAt: string;
  /** The systemic weakness the team filed it under; absent when unset. */
  weakness?: Weakness;
  /**
   * Why the team accepts the risk of leaving it without an action (non-empty); absent when not
   * accepted. Coverage counts it as accepted only while no action addresses it.
   */
  acceptedRisk?: string;
}

const UNKNOWN_PROMOTED_AT = new Date(0).toISOString();

/**
 * The candidate id of a target. Derived, not random: two people promoting one target at the same
 * moment create the same candidate, so votes keyed by candidate id (held by the server) never split.
 */
export function rootCauseId(target: RootCauseTarget): string {
  return `${target.kind}:${target.id}`;
}

/**
 * The candidates in promotion order (stored order, the same on every replica). Skipped: malformed
 * entries, entries whose id does not match their target, repeats of a target (the first wins), and
 * candidates whose finding or group has been removed.
 */
export function listRootCauses(doc: Y.Doc): RootCauseCandidate[] {
  const seen = new Set<string>();
  const candidates: RootCauseCandidate[] = [];
  const findingIds = new Set(wellFormedEntries(findingsArray(doc)).map((entry) => entry.id));
  const annotations = candidateAnnotations(rootCausesArray(doc));
  const exists = (target: RootCauseTarget) =>
    target.kind === 'finding' ? findingIds.has(target.id) : groupsMap(doc).get(target.id) instanceof Y.Map;
  for (const entry of rootCausesArray(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    const kind: unknown = entry.get('targetKind');
    const targetId: unknown = entry.get('targetId');
    if (typeof kind !== 'string' || !(ROOT_CAUSE_TARGET_KINDS as readonly string[]).includes(kind)) continue;
    if (typeof targetId !== 'string' || targetId === '') continue;
    const target: RootCauseTarget = { kind: kind as RootCauseTargetKind, id: targetId };
    const id = rootCauseId(target);
    if (entry.get('id') !== id || seen.has(id)) continue;
    seen.add(id);
    if (!exists(target)) continue;
    const promotedAt: unknown = entry.get('promotedAt');
    candidates.push({
      id,
      target,
      promotedAt: (typeof promotedAt === 'string' ? parseIsoTimestamp(promotedAt) : undefined) ?? UNKNOWN_PROMOTED_AT,
      ...annotations.get(id),
    });
  }
  return candidates;
}

type Annotations = Pick<RootCauseCandidate, 'weakness' | 'acceptedRisk'>;

/**
 * Each candidate id's weakness and accepted risk: per field, the first entry for the id that holds
 * a valid value. Concurrent promotions of one target store two entries and a replica may have
 * annotated the one that ends up second; reading across them keeps its words.
 */
function candidateAnnotations(entries: Y.Array<unknown>): Map<string, Annotations> {
  const byId = new Map<string, Annotations>();
  for (const entry of entries) {
    if (!(entry instanceof Y.Map)) continue;
    const id: unknown = entry.get('id');
    if (typeof id !== 'string') continue;
    const annotations = byId.get(id) ?? {};
    const weakness = readWeakness(entry);
    if (annotations.weakness === undefined && weakness !== undefined) annotations.weakness = weakness;
    const acceptedRisk: unknown = entry.get('acceptedRisk');
    if (annotations.acceptedRisk === undefined && typeof acceptedRisk === 'string' && acceptedRisk.trim() !== '')
      annotations.acceptedRisk = acceptedRisk;
    byId.set(id, annotations);
  }
  return byId;
}
