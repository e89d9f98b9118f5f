import { formatDueDate, PRIORITY_LABELS } from '../board/actions/action-view';

/**
 * The cells an action item's row shares wherever actions are listed as a table (the report, a team
 * space's follow-ups): owner, due date (marked when overdue) and priority. `data-label` names each
 * cell where a phone stacks the row (report-table.css).
 */

export function OwnerCell({ owner, testId }: { owner: string; testId: string }) {
  return (
    <td data-label="Owner" data-testid={testId}>
      {owner.trim() || <span className="muted">Unassigned</span>}
    </td>
  );
}

export function DueCell({ due, overdue }: { due: string; overdue: boolean }) {
  return (
    <td className="report-table__due" data-label="Due">
      {due ? <time dateTime={due}>{formatDueDate(due)}</time> : <span className="muted">None</span>}
      {overdue && <span className="report-overdue">Overdue</span>}
    </td>
  );
}

export function PriorityCell({ priority }: { priority: string }) {
  return (
    <td data-label="Priority">
      <span className={`report-priority report-priority--${priority.toLowerCase()}`}>
        {(PRIORITY_LABELS as Record<string, string>)[priority] ?? priority}
      </span>
    </td>
  );
}
