import type * as Y from 'yjs';
import type { AnonymityPolicy, Phase } from '@hindsight/review';
import type { BoardSession } from '../section';
import { useControl } from '../use-control';
import { TimerIcon } from '../../ui/icons';
import { updateControl } from './control-api';
import { FacilitatorControls, ActionMessage } from './FacilitatorControls';
import { PHASE_PURPOSES, PHASE_STEPS, POLICY_TEXT } from './phases';
import { formatCountdown } from './timer';
import { useControlAction } from './use-control-action';
import { useCountdown } from './use-countdown';
import './phase-bar.css';

interface PhaseBarProps {
  doc: Y.Doc;
  session: BoardSession;
}

/**
 * Where the review stands, for everyone: the phase, the phase timer and the anonymity policy, live
 * from the server-owned controls. The facilitator also gets the controls that change them.
 */
export function PhaseBar({ doc, session }: PhaseBarProps) {
  const control = useControl(doc);
  // A closed review has nothing left to steer: reopening it (in the closed banner) comes first.
  const facilitator = session.role === 'facilitator' && control.status !== 'closed';
  const phaseChange = useControlAction();
  // A new phase starts without the previous phase's timer.
  const moveTo = (phase: Phase) =>
    phaseChange.run(async () => {
      await updateControl(session, { phase, phaseEndsAt: null });
    });

  return (
    <div className="phase-bar" data-testid="phase-bar" data-phase={control.phase}>
      <div className="phase-bar__main">
        <PhaseSteps current={control.phase} onSelect={facilitator ? moveTo : undefined} busy={phaseChange.pending} />
        <PhaseTimer endsAt={control.phaseEndsAt} />
      </div>
      {facilitator && <ActionMessage message={phaseChange.message} />}
      <PolicyNote policy={control.anonymity} />
      {facilitator && <FacilitatorControls control={control} session={session} />}
    </div>
  );
}

interface PhaseStepsProps {
  current: Phase;
  /** Given to the facilitator: each phase that can be chosen becomes a button. */
  onSelect?: ((phase: Phase) => void) | undefined;
  busy: boolean;
}

function PhaseSteps({ current, onSelect, busy }: PhaseStepsProps) {
  const currentIndex = PHASE_STEPS.findIndex((step) => step.phase === current);
  // Closed is not a phase one moves to from here; while closed, reopening is not offered either.
  const movable = onSelect !== undefined && current !== 'closed';
  return (
    <ol className="phase-steps" aria-label="Review phases" aria-busy={busy || undefined} data-testid="phase-steps">
      {PHASE_STEPS.map((step, index) => {
        const state = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'upcoming';
        const content = (
          <>
            <span className="phase-step__marker" aria-hidden="true">
              {step.phase === 'closed' ? '✓' : index + 1}
            </span>
            <span className="phase-step__label">{step.label}</span>
          </>
        );
        return (
          <li
            key={step.phase}
            className={`phase-step phase-step--${state}`}
            data-testid={`phase-step-${step.phase}`}
            data-state={state}
          >
            {movable && step.selectable ? (
              <button
                type="button"
                className="phase-step__body phase-step__button"
                aria-current={state === 'current' ? 'step' : undefined}
                title={state === 'current' ? PHASE_PURPOSES[step.phase] : `Move everyone to ${step.label}`}
                disabled={busy}
                onClick={() => {
                  if (state !== 'current') onSelect(step.phase);
                }}
              >
                {content}
              </button>
            ) : (
              <span
                className="phase-step__body"
                aria-current={state === 'current' ? 'step' : undefined}
                title={PHASE_PURPOSES[step.phase]}
              >
                {content}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The live countdown of the phase timer; nothing when there is no timer. */
function PhaseTimer({ endsAt }: { endsAt: string | null }) {
  const left = useCountdown(endsAt);
  if (left === null) return null;
  const up = left <= 0;
  return (
    <div className={`phase-timer${up ? ' phase-timer--up' : ''}`} data-testid="phase-timer" data-expired={up}>
      <TimerIcon className="phase-timer__icon" />
      <span className="visually-hidden">{up ? 'Phase timer:' : 'Time left in this phase:'}</span>
      <span role="timer" className="phase-timer__value" data-testid="phase-timer-value">
        {formatCountdown(left)}
      </span>
    </div>
  );
}

/** The anonymity policy, visible to everyone at all times, with what it means in one line. */
function PolicyNote({ policy }: { policy: AnonymityPolicy }) {
  const text = POLICY_TEXT[policy];
  return (
    <p className="policy-note">
      <span
        className={`badge policy-badge policy-badge--${policy}`}
        data-testid="policy-badge"
        data-policy={policy}
        title={text.explanation}
      >
        {text.label}
      </span>{' '}
      <span className="muted policy-note__explanation">{text.explanation}</span>
    </p>
  );
}
