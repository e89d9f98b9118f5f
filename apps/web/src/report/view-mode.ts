import { useSyncExternalStore } from 'react';
import { canFollowUp, canWrite, type Role } from '@hindsight/protocol';

/**
 * Which page a review link shows: the live board or the read-only report. A view link opens the
 * report and facilitators and editors the board; `?view=report` / `?view=board` on the address
 * picks the other. The choice lives in the address (not the fragment, which carries the token),
 * so it survives a reload and can be bookmarked.
 */
export type ReviewView = 'board' | 'report';

const PARAM = 'view';

/** The page to show for `role` given the address's query string. */
export function viewFor(role: Role, search: string): ReviewView {
  const asked = new URLSearchParams(search).get(PARAM);
  if (asked === 'board' || asked === 'report') return asked;
  return defaultView(role);
}

/** What a link opens by default: the board for those who change it (a follow-up link included), else the report. */
function defaultView(role: Role): ReviewView {
  return canWrite(role) || canFollowUp(role) ? 'board' : 'report';
}

/** The query string that shows `view` to `role`: empty when it is the role's default. */
export function searchFor(view: ReviewView, role: Role, search: string): string {
  const params = new URLSearchParams(search);
  if (view === defaultView(role)) params.delete(PARAM);
  else params.set(PARAM, view);
  const query = params.toString();
  return query ? `?${query}` : '';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

/** The address's query string, kept current across `switchView` and the back button. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/** Shows `view` with a new history entry (Back returns to the other view). */
export function switchView(view: ReviewView, role: Role): void {
  const { pathname, search } = window.location;
  window.history.pushState(window.history.state, '', pathname + searchFor(view, role, search));
  // pushState fires nothing: tell every listener of the address, as the Back button would.
  window.dispatchEvent(new PopStateEvent('popstate', { state: window.history.state }));
}
