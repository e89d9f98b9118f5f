import type { ReactNode } from 'react';
import { Link } from './Link';
import { Shell } from './Shell';
import './error-page.css';

/** A full page that explains why something cannot be shown and what to do next. */
export function ErrorPage({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Shell>
      <section className="card error-page" role="alert" data-testid="error-page">
        <h1>{title}</h1>
        <div className="error-page__body">{children}</div>
        <div className="actions">
          {action}
          <Link to="/" className="button button--secondary">
            Start a new review
          </Link>
        </div>
      </section>
    </Shell>
  );
}

/** A page for a load that failed for a reason that may pass (server unreachable, a 5xx), with "Try again". */
export function RetryErrorPage({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  return (
    <ErrorPage
      title={title}
      action={
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      }
    >
      <p>{message}</p>
    </ErrorPage>
  );
}
