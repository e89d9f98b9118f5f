import { useId } from 'react';
import {
  ANONYMITY_POLICIES,
  RELEASE_MODES,
  type AnonymityPolicy,
  type ReleaseMode,
  type ReviewControl,
} from '@hindsight/review';
import type { BoardSession } from '../section';
import { revealHeldFindings, updateControl } from './control-api';
import { POLICY_TEXT, RELEASE_TEXT } from './phases';
import { extendedEndsAt, remainingMs, TIMER_PRESETS, timerEndsAt } from './timer';
import { useControlAction, type ControlAction } from './use-control-action';
import { useHeldFindings } from './use-held-findings';

interface FacilitatorControlsProps {
  control: ReviewControl;
  session: BoardSession;
}

/**
 * The facilitator's controls under the phase bar: the phase timer, the anonymity policy, how held
 * anonymous findings are released, and the reveal. Each change goes to the server, which writes the
 * controls; every board (this one included) shows the result when it arrives through the document.
 */
export function FacilitatorControls({ control, session }: FacilitatorControlsProps) {
  return (
    <div className="facilitation" role="group" aria-label="Facilitator controls" data-testid="facilitator-controls">
      <TimerControls endsAt={control.phaseEndsAt} session={session} />
      <div className="facilitation__group facilitation__anonymity">
        <PolicyControls policy={control.anonymity} release={control.release} session={session} />
        <RevealControl policy={control.anonymity} session={session} />
      </div>
    </div>
  );
}

function TimerControls({ endsAt, session }: { endsAt: string | null; session: BoardSession }) {
  const action = useControlAction();
  const setEnd = (phaseEndsAt: string | null) =>
    action.run(async () => {
      await updateControl(session, { phaseEndsAt });
    });
  const left = remainingMs(endsAt, Date.now());
  return (
    <div className="facilitation__group" role="group" aria-label="Phase timer" aria-busy={action.pending || undefined}>
      <span className="facilitation__label" aria-hidden="true">
        Timer
      </span>
      <div className="facilitation__buttons">
        {TIMER_PRESETS.map((minutes) => (
          <button
            key={minutes}
            type="button"
            className="button button--secondary button--small"
            aria-label={`Start a ${minutes}-minute timer`}
            disabled={action.pending}
            onClick={() => void setEnd(timerEndsAt(Date.now(), minutes))}
            data-testid={`timer-start-${minutes}`}
          >
            {minutes} min
          </button>
        ))}
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label="Add a minute to the timer"
          disabled={action.pending}
          onClick={() => void setEnd(extendedEndsAt(endsAt, Date.now(), 1))}
          data-testid="timer-add-minute"
        >
          +1 min
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={action.pending || left === null}
          onClick={() => void setEnd(null)}
          data-testid="timer-stop"
        >
          Stop timer
        </button>
      </div>
      <ActionMessage message={action.message} />
    </div>
  );
}

interface PolicyControlsProps {
  policy: AnonymityPolicy;
  release: ReleaseMode;
  session: BoardSession;
}

function PolicyControls({ policy, release, session }: PolicyControlsProps) {
  const policyId = useId();
  const releaseId = useId();
  const action = useControlAction();
  const change = (patch: { anonymity?: AnonymityPolicy; release?: ReleaseMode }) =>
    action.run(async () => {
      await updateControl(session, patch);
    });
  return (
    <div className="facilitation__group" aria-busy={action.pending || undefined}>
      <label className="facilitation__label" htmlFor={policyId}>
        Findings
      </label>
      <select
        id={policyId}
        className="facilitation__select"
        value={policy}
        disabled={action.pending}
        onChange={(event) => void change({ anonymity: event.currentTarget.value as AnonymityPolicy })}
        data-testid="policy-select"
      >
        {ANONYMITY_POLICIES.map((option) => (
          <option key={option} value={option}>
            {POLICY_TEXT[option].label}
          </option>
        ))}
      </select>
      {policy !== 'named' && (
        <>
          <label className="facilitation__label" htmlFor={releaseId}>
            Release
          </label>
          <select
            id={releaseId}
            className="facilitation__select"
            value={release}
            disabled={action.pending}
            onChange={(event) => void change({ release: event.currentTarget.value as ReleaseMode })}
            title="When anonymous findings appear on the board: a finding shown the moment it is written could be told apart by who just stopped typing."
            data-testid="release-select"
          >
            {RELEASE_MODES.map((option) => (
              <option key={option} value={option}>
                {RELEASE_TEXT[option]}
              </option>
            ))}
          </select>
        </>
      )}
      <ActionMessage message={action.message} />
    </div>
  );
}

/** "Reveal held findings (N)": shown once the server says how many are held (and only then). */
function RevealControl({ policy, session }: { policy: AnonymityPolicy; session: BoardSession }) {
  const { held, refresh } = useHeldFindings(session);
  const action = useControlAction();
  if (held === null || (held === 0 && policy === 'named')) return null;
  const reveal = () =>
    action.run(async () => {
      try {
        const revealed = await revealHeldFindings(session);
        return revealed === 1 ? '1 finding revealed' : `${revealed} findings revealed`;
      } finally {
        refresh();
      }
    });
  return (
    <div className="facilitation__group" aria-busy={action.pending || undefined}>
      <button
        type="button"
        className="button button--small"
        disabled={action.pending || held === 0}
        onClick={() => void reveal()}
        data-testid="reveal-held"
        data-held={held}
      >
        Reveal held findings ({held})
      </button>
      <ActionMessage message={action.message} />
    </div>
  );
}

/** A control's last outcome, next to it for a few seconds; errors are announced. */
export function ActionMessage({ message }: { message: ControlAction['message'] }) {
  if (!message) return null;
  return (
    <span
      className={`facilitation__message facilitation__message--${message.kind}`}
      role={message.kind === 'error' ? 'alert' : 'status'}
      data-testid="control-message"
    >
      {message.text}
    </span>
  );
}
