import type * as Y from 'yjs';
import { listRootCauses, type Finding } from '@hindsight/review';

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
