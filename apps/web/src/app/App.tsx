import { BoardPage } from '../board/BoardPage';
import { HomePage } from '../home/HomePage';
import { ErrorPage } from './ErrorPage';
import { matchRoute, useLocationKey } from './router';

/** Picks the page for the current address. */
export function App() {
  useLocationKey(); // re-render on navigation
  const route = matchRoute(window.location.pathname);
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'board':
      // keyed: another review starts from a clean slate (token, document, connection)
      return <BoardPage key={route.reviewId} reviewId={route.reviewId} />;
    case 'not-found':
      return (
        <ErrorPage title="Page not found">
          <p>There is nothing at this address.</p>
        </ErrorPage>
      );
  }
}
