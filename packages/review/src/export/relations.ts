import { traceCoverage, type Coverage } from '../coverage';
import { reviewHealth, type ReviewHealth } from '../health';
import { KEY_TIMES, NARRATIVE_SECTIONS, type KeyTime, type NarrativeSection } from '../schema';
import type {
  ExportedAction,
  ExportedFinding,
  ExportedRootCause,
  ExportedRootCauseTarget,
  ReviewExportData,
} from './to-export';

/** Lookups over export data shared by the Markdown and CSV renderings. */
export interface ExportRelations {
  findingsByRef: ReadonlyMap<string, ExportedFinding>;
  /** The findings a root cause stands for: its finding, or its group's findings. */
  rootCauseFindingRefs(rootCause: ExportedRootCause): string[];
  /** The root causes an action addresses: linked directly or sharing a finding with it, in promotion order. */
  actionRootCauses(action: ExportedAction): ExportedRootCause[];
  /** The texts of the findings an action is linked to, in link order. */
  actionFindingTexts(action: ExportedAction): string[];
}

export function exportRelations(data: ReviewExportData): ExportRelations {
  const findingsByRef = new Map(data.findings.map((finding) => [finding.ref, finding]));
  const membersOf = new Map<string, string[]>();
  for (const finding of data.findings) {
    if (finding.group === null) continue;
    const members = membersOf.get(finding.group) ?? [];
    members.push(finding.ref);
    membersOf.set(finding.group, members);
  }
  const rootCauseFindingRefs = (rootCause: ExportedRootCause) =>
    rootCause.target.kind === 'finding' ? [rootCause.target.ref] : (membersOf.get(rootCause.target.ref) ?? []);
  return {
    findingsByRef,
    rootCauseFindingRefs,
    actionRootCauses: (action) => {
      const linked = new Set(action.findingRefs);
      const direct = new Set(action.rootCauseTargets.map(targetKey));
      return data.rootCauses.filter(
        (rootCause) =>
          direct.has(targetKey(rootCause.target)) || rootCauseFindingRefs(rootCause).some((ref) => linked.has(ref)),
      );
    },
    actionFindingTexts: (action) =>
      action.findingRefs.flatMap((ref) => {
        const finding = findingsByRef.get(ref);
        return finding ? [finding.text] : [];
      }),
  };
}

/** A root cause's key in an export: its target, `finding:F1` or `group:G1`. */
export function targetKey(target: ExportedRootCauseTarget): string {
  return `${target.kind}:${target.ref}`;
}

/** Coverage (coverage.ts) of an export: root causes keyed by `targetKey`, actions by `A1`, `A2`, … in order. */
export function exportCoverage(data: ReviewExportData): Coverage {
  const relations = exportRelations(data);
  return traceCoverage(
    data.rootCauses.map((rootCause) => ({
      id: targetKey(rootCause.target),
      findingIds: relations.rootCauseFindingRefs(rootCause),
      ...(rootCause.acceptedRisk === null ? {} : { acceptedRisk: rootCause.acceptedRisk }),
    })),
    data.actions.map((action, index) => ({
      id: actionKey(index),
      status: action.status,
      findingIds: action.findingRefs,
      rootCauseIds: action.rootCauseTargets.map(targetKey),
    })),
  );
}

/** The key of the action at `index` in `exportCoverage`. */
export function actionKey(index: number): string {
  return `A${index + 1}`;
}

/**
 * The health checklist (health.ts) of an export, as the report prints its gaps. Held anonymous
 * findings are the server's to count, not the file's: that check is left out.
 */
export function exportHealth(data: ReviewExportData): ReviewHealth {
  const times: Partial<Record<KeyTime, string>> = {};
  for (const key of KEY_TIMES) {
    const at = data.review.keyTimes[key];
    if (at !== null) times[key] = at;
  }
  return reviewHealth({
    times,
    narrative: Object.fromEntries(
      NARRATIVE_SECTIONS.map((section) => [section, data.narrative[section].text]),
    ) as Record<NarrativeSection, string>,
    rootCauses: data.rootCauses.map((rootCause) => ({ id: targetKey(rootCause.target), text: rootCause.text })),
    coverage: exportCoverage(data),
    actions: data.actions.map((action, index) => ({ ...action, id: actionKey(index) })),
    heldFindings: null,
  });
}
