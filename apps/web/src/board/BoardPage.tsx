import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { canWrite, type ReviewInfoResponse } from '@hindsight/protocol';
import { ApiError, fetchReview } from '../app/api';
import { forgetToken, readCreatedReview, resolveToken, tokenFromFragment } from '../app/access';
import { ErrorPage } from '../app/ErrorPage';
import { replaceLocation, useLocationKey } from '../app/router';
import { Shell } from '../app/Shell';
import { ConnectionStatus } from '../collab/ConnectionStatus';
import { describeConnection, type ConnectionFacts, type ConnectionView } from '../collab/connection-state';
import { useReviewConnection } from '../collab/use-review-connection';
import { ActionsSection } from './actions/ActionsSection';
import { FindingsSection } from './findings/FindingsSection';
import { NarrativeSection } from './narrative/NarrativeSection';
import { ReviewFacts } from './ReviewFacts';
import { RootCausesSection } from './root-causes/RootCausesSection';
import type { SectionProps } from './section';
import { TimelineSection } from './timeline/TimelineSection';
import { SharePanel } from './SharePanel';
import { TitleField } from './TitleField';
import { useReviewMeta } from './use-review-meta';

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
      (info) => setLoad({ kind: 'ready', info }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error));
        if (apiError.status === 401 || apiError.status === 403) forgetToken(reviewId);
        setLoad({ kind: 'failed', error: apiError });
      },
    );
    return () => abort.abort();
  }, [reviewId, token, attempt]);

  const { doc, provider, facts } = useReviewConnection(reviewId, load.kind === 'ready' ? token : null);

  useEffect(() => {
    if (facts.ended && facts.ended.code >= 4400 && facts.ended.code < 4500) forgetToken(reviewId);
  }, [facts.ended, reviewId]);

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
  if (load.kind === 'loading') {
    return (
      <Shell>
        <p className="card loading" aria-busy="true">
          Opening the review…
        </p>
      </Shell>
    );
  }
  return <Board reviewId={reviewId} info={load.info} doc={doc} provider={provider} facts={facts} />;
}

interface BoardProps {
  reviewId: string;
  info: ReviewInfoResponse;
  doc: Y.Doc | null;
  provider: WebsocketProvider | null;
  facts: ConnectionFacts;
}

function Board({ reviewId, info, doc, provider, facts }: BoardProps) {
  const view = describeConnection(facts, info.role);
  const created = useMemo(() => (info.role === 'facilitator' ? readCreatedReview(reviewId) : null), [info.role, reviewId]);
  const ready = doc !== null && facts.everSynced;

  return (
    <Shell status={<ConnectionStatus view={view} />}>
      <ConnectionBanner view={view} />
      <div className={created ? 'board board--with-aside' : 'board'}>
        <div className="board__main">
          <section className="card review-head" aria-label="Review">
            {ready ? <LiveHead doc={doc} info={info} facts={facts} /> : <PendingHead info={info} />}
          </section>
          {ready && provider && <Sections doc={doc} provider={provider} canEdit={canWrite(info.role) && !facts.ended} />}
        </div>
        {created && (
          <aside className="board__aside">
            <SharePanel links={created.links} />
          </aside>
        )}
      </div>
    </Shell>
  );
}

/** The board's sections in the order a review runs. */
function Sections(props: SectionProps) {
  return (
    <>
      <NarrativeSection {...props} />
      <TimelineSection {...props} />
      <FindingsSection {...props} />
      <RootCausesSection {...props} />
      <ActionsSection {...props} />
    </>
  );
}

/** The head once the document has synced: everything comes from the shared document. */
function LiveHead({ doc, info, facts }: { doc: Y.Doc; info: ReviewInfoResponse; facts: ConnectionFacts }) {
  const meta = useReviewMeta(doc);
  const title = meta.title;
  useEffect(() => {
    document.title = `${title || 'Untitled review'} · Hindsight`;
  }, [title]);
  return (
    <>
      <TitleField doc={doc} editable={canWrite(info.role)} enabled={!facts.ended} />
      <ReviewFacts severity={meta.severity} status={meta.status} createdAt={info.createdAt} role={info.role} />
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
      return (
        <ErrorPage
          title="The review could not be loaded"
          action={
            <button type="button" className="button" onClick={onRetry}>
              Try again
            </button>
          }
        >
          <p>{error.message}</p>
        </ErrorPage>
      );
  }
}
