import { useState } from 'react';

interface RevokeButtonProps {
  /** What is revoked, for screen readers ("the link Edit · Sam’s team"). */
  what: string;
  onRevoke: () => void;
  /** Test ids of the first button and of the confirming one. */
  testId: string;
  confirmTestId: string;
}

/** "Revoke", then "Everyone using it loses access now" with Revoke and Cancel: a link is revoked in two clicks. */
export function RevokeButton({ what, onRevoke, testId, confirmTestId }: RevokeButtonProps) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid={testId}
        onClick={() => setConfirming(true)}
      >
        Revoke<span className="visually-hidden"> {what}</span>
      </button>
    );
  }
  return (
    <span role="group" aria-label="Confirm revoking" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.4rem' }}>
      <span className="hint" style={{ alignSelf: 'center' }}>
        Everyone using it loses access now.
      </span>
      <button
        type="button"
        className="button button--small"
        data-testid={confirmTestId}
        onClick={() => {
          setConfirming(false);
          onRevoke();
        }}
      >
        Revoke
      </button>
      <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}
