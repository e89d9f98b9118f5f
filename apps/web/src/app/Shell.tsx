import type { ReactNode } from 'react';
import { Link } from './Link';

/** The frame of every page: a top bar with the brand and an optional slot on the right; `wide` for the board. */
export function Shell({
  status,
  wide = false,
  children,
}: {
  status?: ReactNode;
  wide?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Hindsight home">
          <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" />
            <path d="M9 23V9m0 7h14m0-7v14" />
          </svg>
          Hindsight
        </Link>
        {status && <div className="topbar__status">{status}</div>}
      </header>
      <main className={wide ? 'page page--wide' : 'page'} id="main">
        {children}
      </main>
    </div>
  );
}

/** The page shown while a review is being opened (a lazy page's chunk, or the review itself). */
export function PageLoading() {
  return (
    <Shell>
      <p className="card loading" aria-busy="true">
        Opening the review…
      </p>
    </Shell>
  );
}
