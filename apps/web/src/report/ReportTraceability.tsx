import type * as Y from 'yjs';
import { ACTION_STATUS_LABELS, WEAKNESS_LABELS } from '@hindsight/review';
import { useReviewHealth, useTraceability } from '../board/use-traceability';
import { ReportSection } from './ReportSection';
import './report-table.css';
import './report-traceability.css';

/**
 * The chain root cause → actions in one table, each root cause with its coverage, live: the
 * actions linked to it or to one of its findings, or the accepted risk, or "Not covered".
 */
export function ReportCoverage({ doc }: { doc: Y.Doc }) {
  const { rootCauses, actions, coverage } = useTraceability(doc);
  if (rootCauses.length === 0) return null;
  const actionsById = new Map(actions.map((action) => [action.id, action]));
  const coverageById = new Map(coverage.rootCauses.map((entry) => [entry.rootCauseId, entry]));
  return (
    <ReportSection id="report-coverage" title="Root causes and their actions" testId="report-coverage">
      <table className="report-table report-table--coverage">
        <thead>
          <tr>
            <th scope="col">Root cause</th>
            <th scope="col">Weakness</th>
            <th scope="col">Actions</th>
            <th scope="col">Coverage</th>
          </tr>
        </thead>
        <tbody>
          {rootCauses.map((rootCause) => {
            const entry = coverageById.get(rootCause.id);
            const state = entry?.state ?? 'uncovered';
            return (
              <tr key={rootCause.id} data-testid="report-coverage-row" data-state={state}>
                <td className="report-table__text">{rootCause.text.trim() || '(empty)'}</td>
                <td>{rootCause.weakness ? WEAKNESS_LABELS[rootCause.weakness] : <span className="muted">—</span>}</td>
                <td>
                  {entry && entry.actions.length > 0 ? (
                    <ul className="report-coverage__actions">
                      {entry.actions.map(({ actionId, counts }) => {
                        const action = actionsById.get(actionId);
                        if (!action) return null;
                        return (
                          <li key={actionId}>
                            {action.title.trim() || '(untitled)'}{' '}
                            <span className="muted">
                              ({ACTION_STATUS_LABELS[action.status]}
                              {counts ? '' : ', covers nothing'})
                            </span>
                          </li>
                        );
                      })}
                    </ul>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-testid="report-coverage-state">
                  {state === 'covered' ? (
                    'Covered'
                  ) : state === 'accepted' ? (
                    <>Accepted risk: {entry?.acceptedRisk}</>
                  ) : (
                    <strong className="report-coverage__gap">Not covered</strong>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ReportSection>
  );
}

/** What the review still lacks, from the health checklist (held findings are the facilitator's to see). */
export function ReportGaps({ doc }: { doc: Y.Doc }) {
  const health = useReviewHealth(doc, null);
  const gaps = health.checks.flatMap((check) => check.gaps);
  return (
    <ReportSection id="report-gaps" title="Gaps" testId="report-gaps">
      {gaps.length === 0 ? (
        <p className="report-empty">None: key times, narrative, root causes and action items are complete.</p>
      ) : (
        <ul className="report-gaps">
          {gaps.map((gap) => (
            <li key={gap} data-testid="report-gap">
              {gap}
            </li>
          ))}
        </ul>
      )}
    </ReportSection>
  );
}
