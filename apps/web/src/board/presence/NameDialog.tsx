import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { DISPLAY_NAME_MAX_LENGTH, initialsOf, normaliseDisplayName, PRESENCE_COLORS } from '../../collab/identity';
import type { PresenceUser } from '../../collab/presence';
import './name-dialog.css';

interface NameDialogProps {
  name: string;
  color: string;
  /** First join: explains why we ask; closing without a name joins as "Guest" for this visit. */
  firstJoin: boolean;
  /** While findings are anonymous: the pseudonym others see instead of the name (which is optional then). */
  pseudonym?: string | null;
  onSave: (user: PresenceUser) => void;
  onClose: () => void;
}

/** A small modal dialog to choose the name and colour others see next to your edits and caret. */
export function NameDialog({ name, color, firstJoin, pseudonym = null, onSave, onClose }: NameDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const inputId = useId();
  const [draftName, setDraftName] = useState(name);
  const [draftColor, setDraftColor] = useState(color);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = normaliseDisplayName(draftName);
    if (!chosen) return;
    onSave({ name: chosen, color: draftColor });
  };

  return (
    <dialog
      ref={dialogRef}
      className="name-dialog"
      aria-labelledby={titleId}
      data-testid="name-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className="name-dialog__form" onSubmit={submit}>
        <h2 id={titleId}>{firstJoin ? 'Join the review' : 'Your name on this board'}</h2>
        {pseudonym ? (
          <p className="hint" data-testid="name-dialog-pseudonym">
            Findings are anonymous right now: others see you as <strong>{pseudonym}</strong>, never this name. It is
            optional, and shown only if the facilitator switches back to named findings.
          </p>
        ) : (
          firstJoin && (
            <p className="hint">Others see this name next to what you edit. It is remembered in this browser.</p>
          )
        )}
        <div className="field">
          <label htmlFor={inputId} className="field-label">
            Display name
          </label>
          <input
            id={inputId}
            autoFocus
            required
            autoComplete="nickname"
            maxLength={DISPLAY_NAME_MAX_LENGTH}
            value={draftName}
            placeholder="e.g. Sam (SRE)"
            onChange={(event) => setDraftName(event.currentTarget.value)}
          />
        </div>
        <fieldset className="color-picker">
          <legend className="field-label">Colour</legend>
          <div className="color-picker__swatches">
            {PRESENCE_COLORS.map((swatch, index) => (
              <label key={swatch} className="color-picker__swatch" style={{ background: swatch }}>
                <input
                  type="radio"
                  name="presence-color"
                  value={swatch}
                  checked={draftColor === swatch}
                  onChange={() => setDraftColor(swatch)}
                />
                <span className="visually-hidden">Colour {index + 1}</span>
                <span className="color-picker__initials" aria-hidden="true">
                  {draftColor === swatch ? initialsOf(draftName || '?') : ''}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="actions name-dialog__actions">
          {!firstJoin && (
            <button type="button" className="button button--secondary" onClick={onClose}>
              Cancel
            </button>
          )}
          <button type="submit" className="button" disabled={!normaliseDisplayName(draftName)}>
            {firstJoin ? 'Join' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
