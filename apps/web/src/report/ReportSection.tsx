import type { ReactNode } from 'react';

/** One numbered part of the report: a heading and its content. */
export function ReportSection({
  id,
  title,
  testId,
  aside,
  children,
}: {
  id: string;
  title: string;
  testId: string;
  /** A short line beside the heading (counts, notes). */
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="report-section" id={id} aria-labelledby={`${id}-heading`} data-testid={testId}>
      <div className="report-section__head">
        <h2 id={`${id}-heading`}>{title}</h2>
        {aside && <p className="report-section__aside">{aside}</p>}
      </div>
      {children}
    </section>
  );
}
