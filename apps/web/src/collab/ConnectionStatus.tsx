import type { ConnectionView } from './connection-state';
import './connection.css';

/** The connection pill in the top bar; announced politely to screen readers when it changes. */
export function ConnectionStatus({ view }: { view: ConnectionView }) {
  return (
    <p
      className={`connection connection--${view.state}`}
      role="status"
      data-testid="connection-state"
      data-state={view.state}
      title={view.detail ?? undefined}
    >
      <span className="connection__dot" aria-hidden="true" />
      {view.label}
    </p>
  );
}
