import { lazy, Suspense, useEffect, useState } from 'react';
import { ApiError } from '../app/api';
import { ErrorPage, RetryErrorPage } from '../app/ErrorPage';
import { forgetRefusedSpaceToken, rememberMySpace, resolveSpaceToken } from '../app/my-spaces';
import { replaceLocation, useLocationKey } from '../app/router';
import { Shell } from '../app/Shell';
import { tokenFromFragment } from '../app/access';
import { FollowUps } from './FollowUps';
import { SpaceHeader } from './SpaceHeader';
import { SpaceReviews } from './SpaceReviews';
import type { SpaceResponse } from '@hindsight/protocol';
import { useSpace } from './use-space';
import './space.css';

// The charting library is the largest part of this page: it loads after the list is on screen.
const RecurringWeaknesses = lazy(() =>
  import('./RecurringWeaknesses').then((m) => ({ default: m.RecurringWeaknesses })),
);

/** `/s/:spaceId`: a team space, its reviews, their follow-ups and the weaknesses that keep coming back. */
export function SpacePage({ spaceId }: { spaceId: string }) {
  const locationKey = useLocationKey();
  const [token, setToken] = useState(() => resolveSpaceToken(spaceId, window.location.hash));

  // The token leaves the address bar at once (kept for this tab), as a review link's does.
  useEffect(() => {
    const { pathname, search, hash } = window.location;
    if (!tokenFromFragment(hash)) return;
    setToken(resolveSpaceToken(spaceId, hash));
    replaceLocation(pathname + search);
  }, [spaceId, locationKey]);

  const load = useSpace(spaceId, token);
  const name = load.kind === 'ready' ? load.space.name : null;
  const role = load.kind === 'ready' ? load.space.role : null;

  // Each poll brings a new object: remembered again only when what the list shows changed.
  useEffect(() => {
    if (name === null || role === null || !token) return;
    document.title = `${name} · Hindsight`;
    rememberMySpace({ id: spaceId, name, role, token });
  }, [spaceId, name, role, token]);

  const refused = load.kind === 'failed' && (load.error.status === 401 || load.error.status === 403);
  useEffect(() => {
    if (refused && token) forgetRefusedSpaceToken(spaceId, token);
  }, [refused, spaceId, token]);

  if (!token) {
    return (
      <ErrorPage title="This link is missing its access key">
        <p>
          Open the team space with the full link you were given. It ends with <code>#token=…</code>; without it we
          cannot tell what you may see.
        </p>
      </ErrorPage>
    );
  }
  if (load.kind === 'failed') return <SpaceLoadError error={load.error} onRetry={load.retry} />;
  if (load.kind === 'loading') {
    return (
      <Shell>
        <p className="card loading" aria-busy="true">
          Opening the team space…
        </p>
      </Shell>
    );
  }
  return <Space space={load.space} token={token} />;
}

function Space({ space, token }: { space: SpaceResponse; token: string }) {
  return (
    <Shell wide>
      <div className="space" data-testid="space-page" data-role={space.role}>
        <SpaceHeader space={space} token={token} />
        <div className="space__columns">
          <SpaceReviews space={space} token={token} />
          <Suspense
            fallback={
              <section className="card space-card" aria-label="Recurring weaknesses" aria-busy="true">
                <h2>Recurring weaknesses</h2>
                <p className="muted">Loading…</p>
              </section>
            }
          >
            <RecurringWeaknesses spaceId={space.id} token={token} />
          </Suspense>
        </div>
        <FollowUps spaceId={space.id} token={token} />
      </div>
    </Shell>
  );
}

function SpaceLoadError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  if (error.status === 401 && error.code === 'revoked') {
    return (
      <ErrorPage title="This link was revoked">
        <p>One of the team space’s admins revoked this link. Ask them for a new one.</p>
      </ErrorPage>
    );
  }
  switch (error.status) {
    case 400:
    case 401:
      return (
        <ErrorPage title="This link is not valid">
          <p>The access key in this link was not accepted. It may have been mistyped or revoked.</p>
          <p className="muted">Server: {error.message}</p>
        </ErrorPage>
      );
    case 403:
      return (
        <ErrorPage title="No access to this team space">
          <p>This link does not open this team space. Ask one of its admins for a link.</p>
          <p className="muted">Server: {error.message}</p>
        </ErrorPage>
      );
    case 404:
      return (
        <ErrorPage title="Team space not found">
          <p>There is no team space at this address. Check that the link is complete.</p>
        </ErrorPage>
      );
    default:
      return <RetryErrorPage title="The team space could not be loaded" message={error.message} onRetry={onRetry} />;
  }
}
