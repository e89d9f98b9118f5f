import { useState } from 'react';
import type { ReviewInfoResponse } from '@hindsight/protocol';
import type { ReviewControl } from '@hindsight/review';
import { loadIdentity } from '../../collab/identity';
import type { BoardSession } from '../section';
import { closeReview, reopenReview } from './control-api';
import { ActionMessage } from './FacilitatorControls';
import { useControlAction } from './use-control-action';
import './closing.css';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The closed review's notice, for everyone: who closed it and when, and that it is read-only. The
 * facilitator can reopen it from here.
 */
export function ClosedBanner({ control, session }: { control: ReviewControl; session: BoardSession }) {
  const action = useControlAction();
  if (control.status !== 'closed') return null;
  return (
    <div className="banner banner--closed" role="status" data-testid="closed-banner">
      <p>
        <strong>This review is closed</strong>
        {control.closedBy ? ` by ${control.closedBy}` : ''}
        {control.closedAt ? ` on ${when(control.closedAt)}` : ''}. It is read-only: this is its final state.
      </p>
      {session.role === 'facilitator' && (
        <span className="closing__actions">
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={action.pending}
            onClick={() => void action.run(async () => void (await reopenReview(session)))}
          >
            Reopen for editing
          </button>
          <ActionMessage message={action.message} />
        </span>
      )}
    </div>
  );
}

/** The facilitator's "Close review" control: asks once, then closes it for everyone. */
export function CloseReviewButton({ session, info }: { session: BoardSession; info: ReviewInfoResponse }) {
  const action = useControlAction();
  const [confirming, setConfirming] = useState(false);
  if (info.role !== 'facilitator') return null;
  // The facilitator's own chosen name, never a pseudonym or an anonymous author.
  const closedBy = loadIdentity().name ?? 'The facilitator';
  return (
    <span className="closing__actions">
      {confirming ? (
        <>
          <button
            type="button"
            className="button button--small button--danger"
            disabled={action.pending}
            onClick={() =>
              void action.run(async () => {
                await closeReview(session, closedBy);
                setConfirming(false);
              })
            }
          >
            Close for everyone
          </button>
          <button type="button" className="button button--small button--secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button button--small button--secondary"
          title="Ends the review: nobody can change it any more (you can reopen it). Held anonymous findings are revealed first."
          onClick={() => setConfirming(true)}
        >
          Close review
        </button>
      )}
      <ActionMessage message={action.message} />
    </span>
  );
}
