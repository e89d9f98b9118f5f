import { useSyncExternalStore } from 'react';

/**
 * A router of a few lines: the app has three pages (home, review, team space), so the location itself is the state.
 * `navigate` pushes a history entry and tells subscribers; the back button and edits of the
 * fragment reach them through `popstate` and `hashchange`.
 */
const NAVIGATE_EVENT = 'hindsight:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener('hashchange', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.hash;
}

/** The current path plus fragment; re-renders the caller when either changes. */
export function useLocationKey(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Goes to `pathAndHash` (same origin) with a new history entry. */
export function navigate(pathAndHash: string): void {
  window.history.pushState(null, '', pathAndHash);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Replaces the current history entry without a re-render (e.g. to drop a consumed fragment). */
export function replaceLocation(pathAndHash: string): void {
  window.history.replaceState(window.history.state, '', pathAndHash);
}

export type Route =
  | { page: 'home' }
  | { page: 'board'; reviewId: string }
  | { page: 'space'; spaceId: string }
  | { page: 'not-found' };

/** Maps a pathname to a page. */
export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  const board = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (board?.[1]) return { page: 'board', reviewId: decodeURIComponent(board[1]) };
  const space = /^\/s\/([^/]+)\/?$/.exec(pathname);
  if (space?.[1]) return { page: 'space', spaceId: decodeURIComponent(space[1]) };
  return { page: 'not-found' };
}

/**
 * The in-app address (path and fragment) of a link the API returned with an origin (e.g.
 * `http://host/r/id#token=…`), so following it does not reload the app.
 */
export function appPath(link: string): string {
  const url = new URL(link, window.location.href);
  return url.pathname + url.search + url.hash;
}
