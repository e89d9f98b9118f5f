import type { MouseEvent } from 'react';
import type { Role } from '@hindsight/protocol';
import { ReportIcon } from '../ui/icons';
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
      <ReportIcon className="button__icon" />
      Report
    </a>
  );
}
