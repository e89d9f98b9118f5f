import { lazy, Suspense } from 'react';
import { ErrorBoundary } from './app/ErrorBoundary';
import { ErrorPage } from './app/ErrorPage';
import { matchRoute, useLocationKey } from './app/router';
import { PageLoading, Shell } from './app/Shell';

// Each page is its own chunk: the home page does not download the collaboration stack (Yjs, the
// sync provider, IndexedDB), and the board does not wait for the home page's form.
const HomePage = lazy(() => import('./home/HomePage').then((m) => ({ default: m.HomePage })));
const BoardPage = lazy(() => import('./board/BoardPage').then((m) => ({ default: m.BoardPage })));
// A team space (its list, search, follow-ups and the weakness chart): neither page above loads it.
const SpacePage = lazy(() => import('./space/SpacePage').then((m) => ({ default: m.SpacePage })));

/** The whole app, with a last line of defence: a page that fails shows an error, never a blank screen. */
export function App() {
  return (
    <ErrorBoundary
      fallback={(error) => (
        <ErrorPage
          title="Something went wrong"
          action={
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload
            </button>
          }
        >
          <p>This page stopped working: {error.message}</p>
          <p className="muted">Your edits are kept in this browser and sync when the board is open again.</p>
        </ErrorPage>
      )}
    >
      <Page />
    </ErrorBoundary>
  );
}

/** Picks the page for the current address. */
function Page() {
  useLocationKey(); // re-render on navigation
  const route = matchRoute(window.location.pathname);
  switch (route.page) {
    case 'home':
      return (
        <Suspense fallback={<Shell />}>
          <HomePage />
        </Suspense>
      );
    case 'board':
      return (
        <Suspense fallback={<PageLoading />}>
          {/* keyed: another review starts from a clean slate (token, document, connection) */}
          <BoardPage key={route.reviewId} reviewId={route.reviewId} />
        </Suspense>
      );
    case 'space':
      return (
        <Suspense fallback={<Shell />}>
          <SpacePage key={route.spaceId} spaceId={route.spaceId} />
        </Suspense>
      );
    case 'not-found':
      return (
        <ErrorPage title="Page not found">
          <p>There is nothing at this address.</p>
        </ErrorPage>
      );
  }
}
