import { memo } from 'react';
import { CATEGORY_LABELS } from '@hindsight/review';
import { count } from './format';
import type { ReportCategory, ReportFinding } from './report-model';
import { ReportSection } from './ReportSection';
import './report-findings.css';

/** Findings by category, then by group; anonymous findings labelled as such. */
export const ReportFindings = memo(function ReportFindings({ categories }: { categories: readonly ReportCategory[] }) {
  const total = categories.reduce((sum, category) => sum + category.count, 0);
  return (
    <ReportSection
      id="report-findings"
      title="Findings"
      testId="report-findings"
      aside={total > 0 ? count(total, 'finding') : undefined}
    >
      {total === 0 ? (
        <p className="report-empty">No findings were written.</p>
      ) : (
        categories.map((category) => <Category key={category.category} category={category} />)
      )}
    </ReportSection>
  );
});

function Category({ category }: { category: ReportCategory }) {
  const label = CATEGORY_LABELS[category.category];
  return (
    <section
      className={`report-category report-category--${category.category}`}
      aria-label={label}
      data-testid="report-category"
      data-category={category.category}
    >
      <h3>
        {label} <span className="report-count">{category.count}</span>
      </h3>
      {category.count === 0 ? (
        <p className="report-empty">None.</p>
      ) : (
        <>
          {category.groups.map((group) => (
            <div key={group.id} className="report-group" data-testid="report-group">
              <h4 className="report-group__name">{group.name.trim() || 'Unnamed group'}</h4>
              <FindingList findings={group.findings} />
            </div>
          ))}
          {category.ungrouped.length > 0 && (
            <div className="report-group report-group--loose">
              {category.groups.length > 0 && <h4 className="report-group__name">Other findings</h4>}
              <FindingList findings={category.ungrouped} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

function FindingList({ findings }: { findings: readonly ReportFinding[] }) {
  return (
    <ul className="report-findings">
      {findings.map((finding) => (
        <li
          key={finding.id}
          className="report-finding"
          data-testid="report-finding"
          data-anonymous={finding.anonymous || undefined}
        >
          <p className="report-finding__text" data-testid="report-finding-text">
            {finding.text.trim() || '(empty note)'}
          </p>
          {finding.byline && (
            <p
              className={finding.anonymous ? 'report-finding__by report-finding__by--anonymous' : 'report-finding__by'}
            >
              {finding.byline}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
