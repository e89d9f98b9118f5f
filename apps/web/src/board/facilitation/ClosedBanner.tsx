import { useState } from 'react';
import { canFollowUp, type ReviewInfoResponse } from '@hindsight/protocol';
import type * as Y from 'yjs';
import type { ReviewControl } from '@hindsight/review';
import { useReviewHealth } from '../use-traceability';
import { gapsLabel, HealthChecklist } from './HealthChecklist';
import { OpenHints } from './OpenHints';
import { useHeldFindings } from './use-held-findings';
import { loadIdentity } from '../../collab/identity';
import type { BoardSession } from '../section';
import { closeReview, reopenReview } from './control-api';
import { ActionMessage } from './FacilitatorControls';
import { useControlAction } from './use-control-action';
import './closing.css';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The closed review's notice, for everyone: who closed it and when, and that it is read-only (but
 * for the fixes, to the facilitator and follow-up links). The facilitator can reopen it from here.
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
        {canFollowUp(session.role) && ' Action items’ status, owner, due date and progress stay editable.'}
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

/**
 * The facilitator's "Close review" control with the review health checklist beside it: asks once,
 * then closes it for everyone. When the checklist finds gaps, the question lists them.
 */
export function CloseReviewButton({
  doc,
  session,
  info,
}: {
  doc: Y.Doc;
  session: BoardSession;
  info: ReviewInfoResponse;
}) {
  if (info.role !== 'facilitator') return null;
  return <CloseReviewControl doc={doc} session={session} />;
}

function CloseReviewControl({ doc, session }: { doc: Y.Doc; session: BoardSession }) {
  const action = useControlAction();
  const [confirming, setConfirming] = useState(false);
  const [healthOpen, setHealthOpen] = useState(false);
  const { held } = useHeldFindings(session);
  const health = useReviewHealth(doc, held);
  // The facilitator's own chosen name, never a pseudonym or an anonymous author.
  const closedBy = loadIdentity().name ?? 'The facilitator';
  return (
    <span className="closing__actions closing__actions--health">
      <details
        className="review-health"
        data-testid="review-health"
        data-ok={health.ok}
        onToggle={(event) => setHealthOpen(event.currentTarget.open)}
      >
        <summary>Review health: {gapsLabel(health)}</summary>
        <HealthChecklist health={health} />
        {/* the hint counts run the rules over the whole review: only while someone looks */}
        {healthOpen && <OpenHints doc={doc} />}
      </details>
      {confirming ? (
        <>
          {!health.ok && (
            <div className="closing__warning" role="alert" data-testid="close-gaps-warning">
              <strong>This review has gaps ({gapsLabel(health)}).</strong> Close it anyway? The report lists them.
              <HealthChecklist health={health} />
            </div>
          )}
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
