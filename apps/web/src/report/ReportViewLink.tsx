import type { MouseEvent } from 'react';
import type { Role } from '@hindsight/protocol';
import { searchFor, switchView, useSearch } from './view-mode';

/** The board's way to its report: the same review, read-only, in reading order and ready to print. */
export function ReportViewLink({ role }: { role: Role }) {
  const search = useSearch();
  const href = window.location.pathname + searchFor('report', role, search);
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    switchView('report', role);
  };
  return (
    <a
      className="button button--small button--ghost"
      href={href}
      onClick={open}
      data-testid="report-view-link"
      title="The review as a read-only report, ready to print or save as PDF"
    >
      <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M4 1.5h5.5L13 5v9.5H4z" />
        <path d="M9.5 1.5V5H13M6.5 8.5h4M6.5 11h4" />
      </svg>
      Report
    </a>
  );
}
