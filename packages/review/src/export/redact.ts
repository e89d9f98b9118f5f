import type { ReviewExportData } from './to-export';

/**
 * The export with every participant name the model records replaced by a neutral label:
 * "Participant 1", "Participant 2", ... numbered by first appearance in reading order (who closed
 * the review, then finding authors, then action owners). The same name (ignoring case and
 * surrounding spaces) gets the same label throughout. Anonymous findings have no name to replace.
 *
 * Names that people typed into free text (the narrative, a finding, a timeline event or its source)
 * are not recognised: they are text like any other. docs/EXPORT.md says so.
 */
export function redactExport(data: ReviewExportData): ReviewExportData {
  const labels = new Map<string, string>();
  const label = (name: string): string => {
    const key = name.trim().normalize('NFKC').toLowerCase();
    if (key === '') return name;
    let assigned = labels.get(key);
    if (assigned === undefined) {
      assigned = `Participant ${labels.size + 1}`;
      labels.set(key, assigned);
    }
    return assigned;
  };
  const closedBy = data.review.closedBy === null ? null : label(data.review.closedBy);
  const findings = data.findings.map((finding) =>
    !finding.anonymous && finding.author !== undefined ? { ...finding, author: label(finding.author) } : finding,
  );
  const actions = data.actions.map((action) => ({ ...action, owner: label(action.owner) }));
  return { ...data, redacted: true, review: { ...data.review, closedBy }, findings, actions };
}
