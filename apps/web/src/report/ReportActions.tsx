import { memo } from 'react';
import { ACTION_STATUS_LABELS, ACTION_TYPE_LABELS } from '@hindsight/review';
import { countActions, localDateKey } from '../board/actions/action-view';
import { findingSummary } from '../board/actions/findings-labels';
import { DueCell, OwnerCell, PriorityCell } from './ActionCells';
import { count } from './format';
import type { ReportAction } from './report-model';
import { ReportSection } from './ReportSection';
import './report-table.css';

/** Action items as a table, most urgent first; overdue ones stand out. */
export const ReportActions = memo(function ReportActions({ actions }: { actions: readonly ReportAction[] }) {
  const counts = countActions(actions, localDateKey());
  const summary = [
    count(counts.total, 'action item'),
    counts.open > 0 ? `${counts.open} open` : null,
    counts.overdue > 0 ? `${counts.overdue} overdue` : null,
    counts.done > 0 ? `${counts.done} done` : null,
    counts.wontDo > 0 ? `${counts.wontDo} won’t do` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <ReportSection
      id="report-actions"
      title="Action items"
      testId="report-actions"
      aside={actions.length > 0 ? summary : undefined}
    >
      {actions.length === 0 ? (
        <p className="report-empty">No action items were agreed.</p>
      ) : (
        <table className="report-table report-table--actions">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Priority</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((action) => (
              <tr key={action.id} data-testid="report-action" data-overdue={action.overdue || undefined}>
                <td className="report-table__text">
                  <span className="report-action__title" data-testid="report-action-title">
                    {action.title.trim() || '(untitled)'}
                  </span>
                  {action.findingTexts.length > 0 && (
                    <span className="report-action__findings">
                      Addresses: {action.findingTexts.map((text) => findingSummary(text)).join('; ')}
                    </span>
                  )}
                </td>
                <OwnerCell owner={action.owner} testId="report-action-owner" />
                <DueCell due={action.due} overdue={action.overdue} />
                <PriorityCell priority={action.priority} />
                <td data-label="Type">{ACTION_TYPE_LABELS[action.type]}</td>
                <td data-label="Status" data-testid="report-action-status">
                  <span className={`report-status report-status--${action.status}`}>
                    {ACTION_STATUS_LABELS[action.status]}
                  </span>
                  {action.progress.trim() && (
                    <span className="report-action__progress" data-testid="report-action-progress">
                      {action.progress}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ReportSection>
  );
});
