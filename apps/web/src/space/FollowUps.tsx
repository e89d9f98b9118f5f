import { useCallback, useState } from 'react';
import { ACTION_STATUS_LABELS } from '@hindsight/review';
import { describeFailure } from '../app/api';
import { Link } from '../app/Link';
import { appPath } from '../app/router';
import { usePoll } from '../app/use-poll';
import { DueCell, OwnerCell, PriorityCell } from '../report/ActionCells';
import { count } from '../report/format';
import '../report/report-table.css';
import { downloadSpaceActions, fetchSpaceActions } from './space-api';
import type { SpaceAction } from '@hindsight/protocol';
import { SPACE_REFRESH_MS } from './use-space';

/**
 * "Follow-ups": every action item of the space's reviews in one table, overdue ones first and
 * marked (the server's order: then by due date, none last), each linked to its review; as CSV too.
 */
export function FollowUps({ spaceId, token }: { spaceId: string; token: string }) {
  const fetcher = useCallback((signal: AbortSignal) => fetchSpaceActions(spaceId, token, signal), [spaceId, token]);
  const { value } = usePoll(`${spaceId}:${token}`, fetcher, SPACE_REFRESH_MS);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const actions = value?.actions ?? null;
  const overdue = actions?.filter((action) => action.overdue).length ?? 0;

  const download = async () => {
    setDownloadError(null);
    try {
      await downloadSpaceActions(spaceId, token);
    } catch (caught) {
      setDownloadError(`Download failed: ${describeFailure(caught)}`);
    }
  };

  return (
    <section className="card space-card" aria-labelledby="space-follow-ups-heading" data-testid="space-follow-ups">
      <div className="space-card__head">
        <div>
          <h2 id="space-follow-ups-heading">Follow-ups</h2>
          <p className="hint" data-testid="space-follow-ups-summary">
            {actions === null
              ? 'Loading…'
              : `${count(actions.length, 'action item')} across the space’s reviews${overdue > 0 ? `, ${overdue} overdue` : ''}`}
          </p>
        </div>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void download()}
          disabled={!actions || actions.length === 0}
          data-testid="space-actions-csv"
        >
          Download CSV
        </button>
      </div>
      {downloadError && (
        <p className="form-error" role="alert">
          {downloadError}
        </p>
      )}
      {actions !== null && actions.length === 0 && (
        <p className="muted">No action items in this space’s reviews yet.</p>
      )}
      {actions !== null && actions.length > 0 && (
        <table className="report-table report-table--actions space-actions">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">Priority</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((action) => (
              <ActionRow key={`${action.reviewId}:${action.actionId}`} action={action} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ActionRow({ action }: { action: SpaceAction }) {
  return (
    <tr
      className={action.overdue ? 'space-action space-action--overdue' : 'space-action'}
      data-testid="space-action"
      data-overdue={action.overdue || undefined}
    >
      <td className="report-table__text">
        <span className="space-action__title" data-testid="space-action-title">
          {action.title.trim() || '(untitled)'}
        </span>
        <Link to={appPath(action.link)} className="space-action__review" data-testid="space-action-review">
          {action.reviewTitle.trim() || 'Untitled review'}
        </Link>
      </td>
      <OwnerCell owner={action.owner} testId="space-action-owner" />
      <DueCell due={action.due} overdue={action.overdue} />
      <td data-label="Status" data-testid="space-action-status">
        <span className={`report-status report-status--${action.status}`}>{ACTION_STATUS_LABELS[action.status]}</span>
      </td>
      <PriorityCell priority={action.priority} />
    </tr>
  );
}
