export { toExport, EXPORT_FORMAT, EXPORT_VERSION } from './to-export';
export type {
  ExportedAction,
  ExportedAnonymousFinding,
  ExportedFacilitation,
  ExportedFinding,
  ExportedGroup,
  ExportedNamedFinding,
  ExportedNarrativeSection,
  ExportedReviewHeader,
  ExportedRootCause,
  ExportedRootCauseTarget,
  ExportedTimelineEvent,
  ReviewExportData,
  ToExportOptions,
} from './to-export';
export { exportMarkdown } from './markdown';
export { exportCoverage, exportHealth } from './relations';
export { escapeMarkdown, escapeTableCell } from './markdown-escape';
export { narrativeToMarkdown } from './markdown-narrative';
export type { CitationRenderer } from './markdown-narrative';
export { listCitations, renameCitations } from './citations';
export type { NarrativeCitation } from './citations';
export { ACTION_CSV_COLUMNS, actionsCsv, csvCell } from './csv';
export { redactExport } from './redact';
export type { RedactOptions } from './redact';
export { checkExport } from './check-export';
export { importReview } from './import';
export type { ImportedReview } from './import';
export {
  checkNarrativeDoc,
  fragmentToNarrativeDoc,
  NARRATIVE_MARK_TYPES,
  NARRATIVE_MAX_DEPTH,
  NARRATIVE_NODE_TYPES,
} from './prosemirror';
export type {
  NarrativeAttrValue,
  NarrativeMark,
  NarrativeMarkType,
  NarrativeNode,
  NarrativeNodeType,
  NarrativeProblem,
} from './prosemirror';
