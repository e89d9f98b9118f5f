import type * as Y from 'yjs';
import { NARRATIVE_SECTIONS } from './schema';
import type { ActionItem, Finding, NarrativeSection, ReviewControl, ReviewMeta, TimelineEvent } from './schema';
import { readControl } from './control';
import { listActions } from './actions';
import { listFindings } from './findings';
import { listGroups } from './groups';
import type { FindingGroup } from './groups';
import { readMeta } from './meta';
import { narrativeText } from './narrative';
import { listRootCauses } from './root-causes';
import type { RootCauseCandidate } from './root-causes';
import { listTimeline } from './timeline';

/** The whole review as plain JSON data, as every read operation sees it. */
export interface ReviewSnapshot {
  meta: ReviewMeta;
  /** The facilitator's controls (server-owned). */
  control: ReviewControl;
  timeline: TimelineEvent[];
  findings: Finding[];
  actions: ActionItem[];
  groups: FindingGroup[];
  rootCauses: RootCauseCandidate[];
  /** Plain text of each narrative section. */
  narrative: Record<NarrativeSection, string>;
}

/** A plain JSON copy of the review; two converged replicas give deeply equal snapshots. */
export function reviewSnapshot(doc: Y.Doc): ReviewSnapshot {
  return {
    meta: readMeta(doc),
    control: readControl(doc),
    timeline: listTimeline(doc),
    findings: listFindings(doc),
    actions: listActions(doc),
    groups: listGroups(doc),
    rootCauses: listRootCauses(doc),
    narrative: Object.fromEntries(
      NARRATIVE_SECTIONS.map((section) => [section, narrativeText(doc, section)]),
    ) as Record<NarrativeSection, string>,
  };
}
