import { memo } from 'react';
import { CATEGORY_LABELS } from '@hindsight/review';
import { votesLabel } from '../board/root-causes/voting-view';
import { count } from './format';
import type { ReportRootCause } from './report-model';
import { ReportSection } from './ReportSection';
import './report-root-causes.css';

/** Root causes ranked by the revealed votes, or in the order they were proposed while votes are hidden. */
export const ReportRootCauses = memo(function ReportRootCauses({
  rootCauses,
}: {
  rootCauses: readonly ReportRootCause[];
}) {
  const ranked = rootCauses.some((cause) => cause.rank !== null);
  return (
    <ReportSection
      id="report-root-causes"
      title="Root causes"
      testId="report-root-causes"
      aside={
        rootCauses.length === 0
          ? undefined
          : ranked
            ? 'Ranked by the team’s votes'
            : 'Votes not revealed: in the order they were proposed'
      }
    >
      {rootCauses.length === 0 ? (
        <p className="report-empty">No root causes were proposed.</p>
      ) : (
        <ol className={ranked ? 'report-causes report-causes--ranked' : 'report-causes'}>
          {rootCauses.map((cause) => (
            <li
              key={cause.id}
              className="report-cause"
              data-testid="report-root-cause"
              data-rank={cause.rank ?? undefined}
            >
              {cause.rank !== null && (
                <span className="report-cause__rank" aria-label={`Rank ${cause.rank}`}>
                  {cause.rank}
                </span>
              )}
              <div className="report-cause__body">
                <p className="report-cause__title" data-testid="report-root-cause-title">
                  {cause.title.trim() || (cause.kind === 'group' ? 'Unnamed group' : '(empty note)')}
                </p>
                <p className="report-cause__meta">
                  {cause.tally !== null && (
                    <strong className="report-cause__votes" data-testid="report-root-cause-votes">
                      {votesLabel(cause.tally)}
                    </strong>
                  )}
                  <span>
                    {cause.kind === 'group' ? `Group of ${count(cause.findings.length, 'finding')}` : 'Finding'} ·{' '}
                    {CATEGORY_LABELS[cause.category]}
                    {cause.kind === 'finding' && cause.findings[0]?.byline ? ` · ${cause.findings[0].byline}` : ''}
                  </span>
                </p>
                {cause.kind === 'group' && cause.findings.length > 0 && (
                  <ul className="report-cause__findings">
                    {cause.findings.map((finding) => (
                      <li key={finding.id}>
                        {finding.text.trim() || '(empty note)'}
                        {finding.byline && <span className="report-cause__by"> ({finding.byline})</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </ReportSection>
  );
});
