import { useEffect, useId, useRef, useState } from 'react';
import type { ControlPatchBody } from '@hindsight/protocol';
import { REVIEW_LIMITS, type ReviewControl } from '@hindsight/review';
import type { BoardSession } from '../section';
import { updateControl } from '../facilitation/control-api';
import { resetAllVotes } from './votes-api';

interface VotingToolbarProps {
  session: BoardSession;
  control: ReviewControl;
  /** Shows the server's words when it refuses a change. */
  onError(message: string): void;
}

/**
 * The facilitator's voting controls: the budget, opening and closing, revealing and hiding the
 * tallies, a reset and the final lock. Every change goes to the server, which writes the controls
 * into the document; the toolbar shows what the document says, never what it asked for.
 */
export function VotingToolbar({ session, control, onError }: VotingToolbarProps) {
  const [busy, setBusy] = useState(false);
  const locked = control.voting === 'locked';
  const { votesPerPersonMin: min, votesPerPersonMax: max } = REVIEW_LIMITS;

  /** Runs one request; resolves false (after showing why) when it failed. */
  const send = (change: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    return change()
      .then(
        () => true,
        (error: unknown) => {
          onError(error instanceof Error ? error.message : String(error));
          return false;
        },
      )
      .finally(() => setBusy(false));
  };
  const patch = (body: ControlPatchBody) => send(() => updateControl(session, body));

  if (locked) {
    return (
      <p className="rc-toolbar rc-toolbar--locked" data-testid="voting-toolbar">
        Results locked: the ranking is final.
      </p>
    );
  }
  return (
    <div className="rc-toolbar" role="group" aria-label="Voting controls" data-testid="voting-toolbar">
      <NumberField
        label="Votes each"
        value={control.votesPerPerson}
        min={min}
        max={max}
        onCommit={(votesPerPerson) => patch({ votesPerPerson: votesPerPerson ?? min })}
      />
      <NumberField
        label="Cap per candidate"
        value={control.votesPerCandidate}
        min={min}
        max={max}
        optional
        onCommit={(votesPerCandidate) => patch({ votesPerCandidate })}
      />
      <label className="rc-toolbar__field" title="Votes from people who joined through a shared link are refused">
        <input
          type="checkbox"
          checked={control.personalVotesOnly}
          disabled={busy}
          data-testid="personal-votes-only"
          onChange={(event) => void patch({ personalVotesOnly: event.currentTarget.checked })}
        />
        Votes only from personal links
      </label>
      <div className="rc-toolbar__buttons">
        {control.voting === 'open' ? (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => patch({ voting: 'closed' })}
          >
            Close voting
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            // One reveal per round: the server starts the next round from zero.
            title={
              control.tallies !== null ? `Starts round ${control.votingRound + 1}: every vote from zero` : undefined
            }
            onClick={() => patch({ voting: 'open' })}
          >
            Open voting
          </button>
        )}
        {control.voting !== 'not-started' && (
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            title="Stops the vote (votes are kept) so that candidates can be promoted and demoted again"
            data-testid="voting-not-started"
            onClick={() => patch({ voting: 'not-started' })}
          >
            Back to not started
          </button>
        )}
        {control.votesRevealed ? (
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            onClick={() => patch({ votesRevealed: false })}
          >
            Hide votes
          </button>
        ) : (
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            title="Closes voting and shows everyone the ranking"
            onClick={() => patch({ votesRevealed: true })}
          >
            Reveal votes
          </button>
        )}
        <ConfirmButton
          label="Reset votes"
          confirmLabel="Delete every vote?"
          disabled={busy}
          onConfirm={() => send(() => resetAllVotes(session.reviewId, session.token))}
        />
        <ConfirmButton
          label="Lock results"
          confirmLabel="Lock for good?"
          disabled={busy}
          onConfirm={() => patch({ voting: 'locked' })}
        />
      </div>
    </div>
  );
}

interface NumberFieldProps {
  label: string;
  value: number | null;
  min: number;
  max: number;
  /** An empty field means null (no cap). */
  optional?: boolean;
  /** Sends the value; resolves false when the server refused it. */
  onCommit(value: number | null): Promise<boolean>;
}

/** A small number input that sends its value on Enter or when it loses focus, if valid and changed. */
function NumberField({ label, value, min, max, optional = false, onCommit }: NumberFieldProps) {
  const id = useId();
  const shown = value === null ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  // What was last sent, so Enter and then leaving the field send it once.
  const sent = useRef<string | null>(null);
  // A change from elsewhere (another facilitator tab, the answer to ours) replaces the draft.
  useEffect(() => {
    setDraft(shown);
    sent.current = null;
  }, [shown]);

  const commit = () => {
    const text = draft.trim();
    const next = text === '' && optional ? null : Number(text);
    const valid = next === null || (text !== '' && Number.isInteger(next) && next >= min && next <= max);
    if (!valid || next === value) {
      setDraft(shown);
      return;
    }
    if (sent.current === text) return;
    sent.current = text;
    void onCommit(next).then((ok) => {
      if (ok) return;
      sent.current = null;
      setDraft(shown);
    });
  };

  return (
    <div className="rc-toolbar__field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        placeholder={optional ? 'None' : undefined}
        value={draft}
        onChange={(event) => setDraft(event.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(shown);
        }}
      />
    </div>
  );
}

/** A button that takes two clicks: the first arms it, and it disarms when focus leaves. */
function ConfirmButton({
  label,
  confirmLabel,
  disabled,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  disabled: boolean;
  onConfirm(): void;
}) {
  const [armed, setArmed] = useState(false);
  return (
    <button
      type="button"
      className={`button button--small ${armed ? 'rc-toolbar__confirm' : 'button--secondary'}`}
      disabled={disabled}
      aria-label={armed ? `Confirm: ${label.toLowerCase()}` : label}
      title={armed ? 'Click again to confirm' : undefined}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
      onBlur={() => setArmed(false)}
    >
      {armed ? confirmLabel : label}
    </button>
  );
}
