import type { ExportedAction, ExportedFinding, ExportedRootCause, ReviewExportData } from './to-export';

/** Lookups over export data shared by the Markdown and CSV renderings. */
export interface ExportRelations {
  findingsByRef: ReadonlyMap<string, ExportedFinding>;
  /** The findings a root cause stands for: its finding, or its group's findings. */
  rootCauseFindingRefs(rootCause: ExportedRootCause): string[];
  /** The root causes an action addresses: those sharing a finding with it, in promotion order. */
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
      return data.rootCauses.filter((rootCause) => rootCauseFindingRefs(rootCause).some((ref) => linked.has(ref)));
    },
    actionFindingTexts: (action) =>
      action.findingRefs.flatMap((ref) => {
        const finding = findingsByRef.get(ref);
        return finding ? [finding.text] : [];
      }),
  };
}
