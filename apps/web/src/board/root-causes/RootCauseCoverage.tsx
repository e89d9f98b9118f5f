import { useId, useState } from 'react';
import type * as Y from 'yjs';
import {
  ACTION_STATUS_LABELS,
  REVIEW_LIMITS,
  ReviewInputError,
  updateRootCause,
  WEAKNESS_LABELS,
  type ActionItem,
  type RootCauseCoverage as Coverage,
  type RootCausePatch,
  type Weakness,
} from '@hindsight/review';
import { WeaknessSelect } from '../WeaknessSelect';

interface RootCauseCoverageProps {
  doc: Y.Doc;
  candidateId: string;
  coverage: Coverage | undefined;
  weakness: Weakness | undefined;
  actionsById: ReadonlyMap<string, ActionItem>;
  canEdit: boolean;
}

/**
 * Under a root cause: its weakness, the actions that address it (derived from the links, live), and
 * its coverage: "Not covered" until an action addresses it or the team accepts the risk with a reason.
 */
export function RootCauseCoverage({
  doc,
  candidateId,
  coverage,
  weakness,
  actionsById,
  canEdit,
}: RootCauseCoverageProps) {
  const weaknessId = useId();
  const state = coverage?.state ?? 'uncovered';
  const update = (patch: RootCausePatch) => {
    try {
      updateRootCause(doc, candidateId, patch);
    } catch (error) {
      // Demoted by someone else a moment ago; the list catches up.
      if (!(error instanceof ReviewInputError)) throw error;
    }
  };
  return (
    <div className={`rc-coverage rc-coverage--${state}`} data-testid="root-cause-coverage" data-state={state}>
      <div className="rc-coverage__head">
        <span className={`rc-coverage__state rc-coverage__state--${state}`} data-testid="root-cause-coverage-state">
          {state === 'covered' ? 'Covered' : state === 'accepted' ? 'Risk accepted' : 'Not covered'}
        </span>
        {canEdit ? (
          <span className="rc-coverage__weakness">
            <label htmlFor={weaknessId} className="visually-hidden">
              Weakness
            </label>
            <WeaknessSelect id={weaknessId} value={weakness} onChange={(next) => update({ weakness: next })} />
          </span>
        ) : (
          weakness && <span className="pill weakness-pill">{WEAKNESS_LABELS[weakness]}</span>
        )}
      </div>
      {coverage && coverage.actions.length > 0 && (
        <ul className="rc-coverage__actions" aria-label="Actions addressing it" data-testid="root-cause-actions">
          {coverage.actions.map(({ actionId, via, counts }) => {
            const action = actionsById.get(actionId);
            if (!action) return null;
            return (
              <li key={actionId} className={counts ? undefined : 'rc-coverage__action--void'}>
                {action.title.trim() || 'Untitled action'}{' '}
                <span className="muted">
                  ({ACTION_STATUS_LABELS[action.status]}
                  {via === 'finding' ? ', through a linked finding' : ''})
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <AcceptedRisk
        reason={coverage?.acceptedRisk ?? null}
        uncovered={state === 'uncovered'}
        canEdit={canEdit}
        onAccept={(acceptedRisk) => update({ acceptedRisk })}
      />
    </div>
  );
}

function AcceptedRisk({
  reason,
  uncovered,
  canEdit,
  onAccept,
}: {
  reason: string | null;
  uncovered: boolean;
  canEdit: boolean;
  onAccept(reason: string | null): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const inputId = useId();
  if (reason !== null) {
    return (
      <p className="rc-coverage__risk" data-testid="accepted-risk">
        <strong>Accepted risk:</strong> {reason}{' '}
        {canEdit && (
          <button type="button" className="rc-stray__button" onClick={() => onAccept(null)}>
            Withdraw
          </button>
        )}
      </p>
    );
  }
  if (!canEdit || !uncovered) return null;
  if (draft === null) {
    return (
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid="accept-risk"
        onClick={() => setDraft('')}
      >
        Accept risk…
      </button>
    );
  }
  // One write on "Accept", not one per keystroke: the reason is a deliberate statement.
  return (
    <form
      className="rc-coverage__form"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim() === '') return;
        onAccept(draft);
        setDraft(null);
      }}
    >
      <label htmlFor={inputId}>Why the team accepts this risk</label>
      <input
        id={inputId}
        data-testid="accept-risk-reason"
        value={draft}
        maxLength={REVIEW_LIMITS.reasonMaxLength}
        required
        autoFocus
        onChange={(event) => setDraft(event.currentTarget.value)}
      />
      <button type="submit" className="button button--small" disabled={draft.trim() === ''}>
        Accept
      </button>
      <button type="button" className="button button--small button--secondary" onClick={() => setDraft(null)}>
        Cancel
      </button>
    </form>
  );
}
