import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { canFollowUp, canWrite, CloseCode, type ReviewInfoResponse } from '@hindsight/protocol';
import { isReviewInitialised, setSeverity } from '@hindsight/review';
import { ApiError, fetchReview } from '../app/api';
import { forgetRefusedToken, readReviewInfo, rememberReviewInfo, resolveToken, tokenFromFragment } from '../app/access';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { ErrorPage, RetryErrorPage } from '../app/ErrorPage';
import { readableMoment } from '../app/moment';
import { replaceLocation, useLocationKey } from '../app/router';
import { PageLoading, Shell } from '../app/Shell';
import { ConnectionStatus } from '../collab/ConnectionStatus';
import { describeConnection, type ConnectionFacts, type ConnectionView } from '../collab/connection-state';
import { useReviewConnection } from '../collab/use-review-connection';
import { ActionsSection } from './actions/ActionsSection';
import { FindingsSection } from './findings/FindingsSection';
import { BoardToolbar, type BoardSectionLink } from './header/BoardToolbar';
import { ExportMenu } from './header/ExportMenu';
import { KeyTimes } from './header/KeyTimes';
import { PhaseBar } from './facilitation/PhaseBar';
import { ShareButton } from './share/ShareButton';
import { useReviewSpace } from './share/use-review-space';
import { useBoardUndo } from './header/use-board-undo';
import { BoardPresence } from './presence/BoardPresence';
import { ReviewFacts } from './header/ReviewFacts';
import { RootCausesSection } from './root-causes/RootCausesSection';
import type { BoardSession, SectionProps } from './section';
import { TimelineSection } from './timeline/TimelineSection';
import { TitleField } from './header/TitleField';
import { useReviewMeta } from './use-review-meta';
import { useControlOf } from './use-control';
import { ClosedBanner, CloseReviewButton } from './facilitation/ClosedBanner';
import { DocumentFullBanner } from './facilitation/DocumentFullBanner';
import { followMyReview, forgetMyReviewToken, rememberMyReview } from '../app/my-reviews';
import { ReportViewLink } from '../report/ReportViewLink';
import { useSearch, viewFor } from '../report/view-mode';
import './board.css';

// The rich-text editor (Tiptap, ProseMirror) is the largest part of the board: it loads after
// first paint, behind a placeholder, while the rest of the board is already usable.
const NarrativeSection = lazy(() =>
  import('./narrative/NarrativeSection').then((m) => ({ default: m.NarrativeSection })),
);
// The read-only report (a view link's page, and the board's "Report" view): its own chunk.
const ReportPage = lazy(() => import('../report/ReportPage').then((m) => ({ default: m.ReportPage })));

type LoadState =
  | { kind: 'loading' }
  | { kind: 'ready'; info: ReviewInfoResponse }
  | { kind: 'failed'; error: ApiError };

/** `/r/:reviewId`: checks the link's token, then opens the live board. */
export function BoardPage({ reviewId }: { reviewId: string }) {
  const locationKey = useLocationKey();
  const [token, setToken] = useState(() => resolveToken(reviewId, window.location.hash));
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const search = useSearch();

  // A link's token is moved from the address bar into this tab's storage: the address can then be
  // copied or screenshotted without handing out someone's access by accident.
  useEffect(() => {
    const { pathname, search, hash } = window.location;
    if (!tokenFromFragment(hash)) return;
    setToken(resolveToken(reviewId, hash));
    replaceLocation(pathname + search);
  }, [reviewId, locationKey]);

  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    setLoad({ kind: 'loading' });
    fetchReview(reviewId, token, abort.signal).then(
      (info) => {
        rememberReviewInfo(reviewId, info);
        rememberMyReview(reviewId, token, info);
        setLoad({ kind: 'ready', info });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error));
        if (apiError.status === 401 || apiError.status === 403) {
          forgetRefusedToken(reviewId, apiError.code);
          forgetMyReviewToken(reviewId, token);
        }
        // Unreachable server: open the board from this browser's saved copy when we have one; the
        // connection keeps retrying and the server still checks the token when it is back.
        const remembered = apiError.status === 0 ? readReviewInfo(reviewId) : null;
        setLoad(remembered ? { kind: 'ready', info: remembered } : { kind: 'failed', error: apiError });
      },
    );
    return () => abort.abort();
  }, [reviewId, token, attempt]);

  // Connect while the review's summary loads (the server checks the token on the socket too): the
  // document syncs in parallel instead of after the API answers. A refused token drops the socket.
  const { doc, provider, facts } = useReviewConnection(
    reviewId,
    load.kind === 'failed' ? null : token,
    load.kind === 'ready' ? load.info.role : null,
  );

  useEffect(() => {
    if (facts.ended && facts.ended.code >= 4400 && facts.ended.code < 4500) {
      // A 4401's reason says whether the link was revoked or expired (then a reload says so too).
      forgetRefusedToken(reviewId, facts.ended.code === CloseCode.Unauthorized ? facts.ended.reason : '');
      if (token) forgetMyReviewToken(reviewId, token);
    }
  }, [facts.ended, reviewId, token]);

  if (!token) {
    return (
      <ErrorPage title="This link is missing its access key">
        <p>
          Open the review with the full link you were given. It ends with <code>#token=…</code>; without it we cannot
          tell what you may see.
        </p>
      </ErrorPage>
    );
  }
  if (load.kind === 'failed') return <LoadError error={load.error} onRetry={() => setAttempt((n) => n + 1)} />;
  if (load.kind === 'loading') return <PageLoading />;
  // A view link opens the report; facilitators and editors the board (either can switch, see view-mode.ts).
  if (viewFor(load.info.role, search) === 'report') {
    return (
      <Suspense fallback={<Shell />}>
        <ReportPage reviewId={reviewId} token={token} info={load.info} doc={doc} provider={provider} facts={facts} />
      </Suspense>
    );
  }
  return <Board reviewId={reviewId} token={token} info={load.info} doc={doc} provider={provider} facts={facts} />;
}

interface BoardProps {
  reviewId: string;
  /** This tab's access token for the review. */
  token: string;
  info: ReviewInfoResponse;
  doc: Y.Doc | null;
  provider: WebsocketProvider | null;
  facts: ConnectionFacts;
}

function Board({ reviewId, token, info, doc, provider, facts }: BoardProps) {
  const view = describeConnection(facts, info.role);
  // Synced with the server in this session, or loaded from the copy saved in this browser.
  const ready = doc !== null && (facts.everSynced || (facts.storedLocally && isReviewInitialised(doc)));
  const control = useControlOf(ready ? doc : null);
  // Closed by the facilitator: the server takes no more changes, so the board offers none.
  const canEdit = canWrite(info.role) && !facts.ended && control?.status !== 'closed';
  // Closing freezes the analysis, not the fixes: those stay editable for the facilitator and follow-up links.
  const followUp = !canEdit && canFollowUp(info.role) && !facts.ended;
  const awareness = provider?.awareness ?? null;
  // Viewers have no presence: the server does not relay a read-only connection's awareness, so
  // they are not asked for a name that nobody would see.
  const present = canWrite(info.role) || canFollowUp(info.role);
  const undo = useBoardUndo(ready ? doc : null, canEdit);
  const session: BoardSession = { reviewId, token, role: info.role };
  const space = useReviewSpace(info.space);

  return (
    <Shell
      wide
      status={
        <>
          <BoardPresence
            reviewId={reviewId}
            awareness={awareness}
            present={present}
            doc={ready ? doc : null}
            synced={facts.synced}
            ended={facts.ended !== null}
          />
          <ReportViewLink role={info.role} />
          {info.role === 'facilitator' && <ShareButton reviewId={reviewId} token={token} space={space} />}
          <ExportMenu reviewId={reviewId} token={token} />
          <ConnectionStatus view={view} />
        </>
      }
    >
      <ConnectionBanner view={view} />
      <DocumentFullBanner session={session} initial={info.full} />
      {control && <ClosedBanner control={control} session={session} />}
      <div className="board">
        <section className="card review-head" aria-label="Review">
          {ready ? <LiveHead doc={doc} info={info} canEdit={canEdit} session={session} /> : <PendingHead info={info} />}
          {space.space && (
            <p className="hint" data-testid="board-space-name">
              In the team space <strong>{space.space.name}</strong>
            </p>
          )}
        </section>
        {ready && provider && (
          <>
            <BoardToolbar sections={BOARD_SECTIONS} undo={canEdit ? undo : null} />
            <Sections doc={doc} provider={provider} canEdit={canEdit} canFollowUp={followUp} session={session} />
          </>
        )}
      </div>
    </Shell>
  );
}

interface BoardSection extends BoardSectionLink {
  Component: ComponentType<SectionProps>;
}

/** The board's sections in the order a review runs. */
const BOARD_SECTIONS: readonly BoardSection[] = [
  { id: 'board-narrative', label: 'Narrative', Component: NarrativeSection },
  { id: 'board-timeline', label: 'Timeline', Component: TimelineSection },
  { id: 'board-findings', label: 'Findings', Component: FindingsSection },
  { id: 'board-root-causes', label: 'Root causes', Component: RootCausesSection },
  { id: 'board-actions', label: 'Action items', Component: ActionsSection },
];

/** Every section, each in a wrapper the section nav can jump to. */
function Sections(props: SectionProps) {
  return (
    <>
      {BOARD_SECTIONS.map(({ id, label, Component }) => (
        <div key={id} id={id} className="board-section" tabIndex={-1}>
          <ErrorBoundary fallback={() => <SectionFailed label={label} />}>
            <Suspense
              fallback={
                <section className="card section-placeholder" aria-label={label} aria-busy="true">
                  <h2>{label}</h2>
                  <p className="muted">Loading…</p>
                </section>
              }
            >
              <Component {...props} />
            </Suspense>
          </ErrorBoundary>
        </div>
      ))}
    </>
  );
}

/** A section that could not be shown; the rest of the board keeps working. */
function SectionFailed({ label }: { label: string }) {
  return (
    <section className="card section-placeholder" aria-label={label} role="alert">
      <h2>{label}</h2>
      <p className="muted">
        This section could not be shown, perhaps because the connection dropped while it loaded. Nothing you wrote
        elsewhere is affected.
      </p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload the board
      </button>
    </section>
  );
}

/** The head once the document is here: everything comes from the shared document, live. */
function LiveHead({
  doc,
  info,
  canEdit,
  session,
}: {
  doc: Y.Doc;
  info: ReviewInfoResponse;
  canEdit: boolean;
  session: BoardSession;
}) {
  const meta = useReviewMeta(doc);
  const { title, severity, status } = meta;
  useEffect(() => {
    document.title = `${title || 'Untitled review'} · Hindsight`;
  }, [title]);
  useEffect(() => followMyReview(info.id, { title, severity, status }), [info.id, title, severity, status]);
  return (
    <>
      <TitleField doc={doc} editable={canWrite(info.role) && meta.status !== 'closed'} enabled={canEdit} />
      <ReviewFacts
        severity={meta.severity}
        status={meta.status}
        createdAt={info.createdAt}
        role={info.role}
        onSeverityChange={canEdit ? (severity) => setSeverity(doc, severity) : undefined}
      />
      <PhaseBar doc={doc} session={session} />
      {meta.status === 'live' && <CloseReviewButton doc={doc} session={session} info={info} />}
      <KeyTimes doc={doc} times={meta.times} canEdit={canEdit} />
    </>
  );
}

/** The head before the first sync: the summary from the API, nothing editable yet. */
function PendingHead({ info }: { info: ReviewInfoResponse }) {
  return (
    <>
      <h1 className="review-title review-title--pending">{info.title || 'Untitled review'}</h1>
      <ReviewFacts severity={info.severity} status={info.status} createdAt={info.createdAt} role={info.role} />
    </>
  );
}

function ConnectionBanner({ view }: { view: ConnectionView }) {
  if (!view.detail || view.state === 'read-only') return null;
  if (view.state === 'ended') {
    return (
      <p className="banner banner--danger" role="alert">
        {view.detail}
      </p>
    );
  }
  return <p className="banner banner--warning">{view.detail}</p>;
}

function LoadError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  if (error.status === 401 && error.code === 'revoked') {
    return (
      <ErrorPage title="This link was revoked">
        <p>This link was revoked by the review’s facilitator. Ask them for a new link.</p>
      </ErrorPage>
    );
  }
  if (error.status === 401 && error.code === 'expired') {
    // The server's message names the time in UTC ISO; shown here in the reader's own zone instead.
    return (
      <ErrorPage title="This link has expired">
        <p>
          {error.expiredAt ? `This link expired on ${readableMoment(error.expiredAt)}.` : 'This link has expired.'} Ask
          the review’s facilitator for a new link.
        </p>
      </ErrorPage>
    );
  }
  switch (error.status) {
    case 400:
    case 401:
      return (
        <ErrorPage title="This link is not valid">
          <p>The access key in this link was not accepted. It may have been mistyped, revoked or expired.</p>
          <p className="muted">Server: {error.message}</p>
        </ErrorPage>
      );
    case 403:
      return (
        <ErrorPage title="No access to this review">
          <p>This link does not give access to this review. Ask the facilitator for a new link.</p>
          <p className="muted">Server: {error.message}</p>
        </ErrorPage>
      );
    case 404:
      return (
        <ErrorPage title="Review not found">
          <p>There is no review at this address. Check that the link is complete.</p>
        </ErrorPage>
      );
    default:
      return <RetryErrorPage title="The review could not be loaded" message={error.message} onRetry={onRetry} />;
  }
}
