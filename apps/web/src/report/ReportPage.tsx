import { useEffect, useMemo, type MouseEvent, type ReactNode } from 'react';
// The sheet first and paper last: each part's stylesheet (imported by the part) sits between them.
import './report.css';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { canWrite, type ReviewInfoResponse, type Role } from '@hindsight/protocol';
import { isReviewInitialised } from '@hindsight/review';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { Shell } from '../app/Shell';
import { ExportMenu } from '../board/header/ExportMenu';
import { BoardPresence } from '../board/presence/BoardPresence';
import { ConnectionStatus } from '../collab/ConnectionStatus';
import { describeConnection, type ConnectionFacts, type ConnectionView } from '../collab/connection-state';
import { BackIcon, PrintIcon } from '../ui/icons';
import { cssString, formatDateTime } from './format';
import { ReportActions } from './ReportActions';
import { ReportFindings } from './ReportFindings';
import { ReportHeader } from './ReportHeader';
import { ReportNarrative } from './ReportNarrative';
import { ReportRootCauses } from './ReportRootCauses';
import { ReportCoverage, ReportGaps } from './ReportTraceability';
import { ReportTimeline } from './ReportTimeline';
import { searchFor, switchView, useSearch } from './view-mode';
import { useReport } from './use-report';
import './report-print.css';

export interface ReportPageProps {
  reviewId: string;
  /** This tab's link token, for exporting. */
  token: string;
  info: ReviewInfoResponse;
  doc: Y.Doc | null;
  provider: WebsocketProvider | null;
  facts: ConnectionFacts;
}

/**
 * The review as a report: every section in reading order, read-only, following the review live
 * until it is closed, and made to print (see report-print.css). What a view link opens; facilitators and
 * editors reach it from the board.
 */
export function ReportPage({ reviewId, token, info, doc, provider, facts }: ReportPageProps) {
  const view = describeConnection(facts, info.role);
  // Synced with the server in this session, or loaded from the copy saved in this browser.
  const ready = doc !== null && (facts.everSynced || (facts.storedLocally && isReviewInitialised(doc)));
  return (
    <Shell
      wide
      status={
        <>
          <BoardPresence
            reviewId={reviewId}
            awareness={provider?.awareness ?? null}
            present={canWrite(info.role)}
            doc={ready ? doc : null}
            synced={facts.synced}
            ended={facts.ended !== null}
          />
          <ExportMenu reviewId={reviewId} token={token} />
          <ConnectionStatus view={view} />
        </>
      }
    >
      <div className="report-page">
        <ReportToolbar role={info.role} />
        <ConnectionBanner view={view} />
        {ready ? (
          <Report doc={doc} createdAt={info.createdAt} />
        ) : (
          <p className="report report--pending loading" aria-busy="true">
            Opening the report of “{info.title || 'Untitled review'}”…
          </p>
        )}
      </div>
    </Shell>
  );
}

/** The report itself, from the live document. */
function Report({ doc, createdAt }: { doc: Y.Doc; createdAt: string }) {
  const report = useReport(doc);
  const { meta, closing, narrative, timeline, findings, rootCauses, actions } = report;
  const title = meta.title.trim() || 'Untitled review';
  const counts = useMemo(
    () => ({
      events: timeline.length,
      findings: findings.reduce((sum, category) => sum + category.count, 0),
      rootCauses: rootCauses.length,
      actions: actions.length,
    }),
    [timeline, findings, rootCauses, actions],
  );
  useEffect(() => {
    // Also the file name a browser suggests for "Save as PDF".
    document.title = `${title} · Post-incident report · Hindsight`;
  }, [title]);
  return (
    <article className="report" aria-labelledby="report-title" data-testid="report" data-status={closing.status}>
      {/* The title in every printed page's footer (the page number comes from report-print.css). */}
      <style>{`@page { @bottom-left { content: ${cssString(title)}; } }`}</style>
      <Part label="Review">
        <ReportHeader meta={meta} closing={closing} createdAt={createdAt} counts={counts} timeline={timeline} />
      </Part>
      <Part label="Narrative">
        <ReportNarrative narrative={narrative} />
      </Part>
      <Part label="Timeline">
        <ReportTimeline events={timeline} times={meta.times} />
      </Part>
      <Part label="Findings">
        <ReportFindings categories={findings} />
      </Part>
      <Part label="Root causes">
        <ReportRootCauses rootCauses={rootCauses} />
      </Part>
      <Part label="Root causes and their actions">
        <ReportCoverage doc={doc} />
      </Part>
      <Part label="Action items">
        <ReportActions actions={actions} />
      </Part>
      <Part label="Gaps">
        <ReportGaps doc={doc} />
      </Part>
      <footer className="report-footer">
        <p>
          A blameless review: it describes what happened and what the system allowed, not who made a mistake.
          {closing.status === 'closed' && closing.closedAt ? ` Final as of ${formatDateTime(closing.closedAt)}.` : ''}
        </p>
        <p>Prepared with Hindsight.</p>
      </footer>
    </article>
  );
}

/** One part of the report; should it fail to render, the rest of the report still shows. */
function Part({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ErrorBoundary
      fallback={() => (
        <section className="report-section" aria-label={label} role="alert">
          <h2>{label}</h2>
          <p className="report-empty">This part of the report could not be shown. Reloading the page may help.</p>
        </section>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

/** Screen only: the way back to the board and the print button. */
function ReportToolbar({ role }: { role: Role }) {
  const search = useSearch();
  const boardHref = window.location.pathname + searchFor('board', role, search);
  const toBoard = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    switchView('board', role);
  };
  return (
    <div className="report-toolbar" data-testid="report-toolbar">
      <a className="report-toolbar__link" href={boardHref} onClick={toBoard} data-testid="board-view-link">
        <BackIcon />
        {canWrite(role) ? 'Back to the board' : 'Board view'}
      </a>
      <button type="button" className="button button--small" onClick={() => window.print()} data-testid="report-print">
        <PrintIcon className="button__icon" />
        Print / Save as PDF
      </button>
    </div>
  );
}

function ConnectionBanner({ view }: { view: ConnectionView }) {
  if (!view.detail || view.state === 'read-only' || view.state === 'live') return null;
  return (
    <p className={view.state === 'ended' ? 'banner banner--danger' : 'banner banner--warning'} role="status">
      {view.detail}
    </p>
  );
}
