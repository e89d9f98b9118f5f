import { exportRelations } from './relations';
import type { ReviewExportData } from './to-export';

/** Columns of the action items CSV, in order. */
export const ACTION_CSV_COLUMNS = ['title', 'owner', 'due', 'status', 'priority', 'type', 'root cause', 'findings'];

/**
 * The action items as RFC 4180 CSV (CRLF line ends, a header row), for a tracker's or a
 * spreadsheet's import. Values are the model's own (`in-progress`, `P1`, `prevent`); several root
 * causes or findings in one cell are separated by "; ".
 */
export function actionsCsv(data: ReviewExportData): string {
  const relations = exportRelations(data);
  const rows = data.actions.map((action) => [
    action.title,
    action.owner,
    action.due,
    action.status,
    action.priority,
    action.type,
    relations
      .actionRootCauses(action)
      .map((rootCause) => rootCause.text)
      .join('; '),
    relations.actionFindingTexts(action).join('; '),
  ]);
  return [ACTION_CSV_COLUMNS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * One CSV field. A value a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
 * tab or a carriage return) gets a leading `'`, so it shows as text; a value with a comma, quote or
 * line break is quoted, its quotes doubled.
 */
export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
