import { useId, useState } from 'react';
import { readShareLinks, rememberShareLink, type ShareLinks } from '../../app/access';
import { ApiError, issueLink } from '../../app/api';
import { SharePanel } from '../SharePanel';

/**
 * The facilitator's "Share" button: the invite links open in a popover (native `popover`: top
 * layer, Escape and outside click close it, focus returns to the button), so the board keeps the
 * full width. The panel stays in the document while closed.
 */
export function ShareButton({ reviewId, token }: { reviewId: string; token: string }) {
  const id = useId();
  const [links, setLinks] = useState<ShareLinks>(() => readShareLinks(reviewId));
  const [error, setError] = useState<string | null>(null);
  // Links made in another browser cannot be shown (the server keeps only their hashes): a new one is issued.
  const create = async (kind: 'edit' | 'view') => {
    setError(null);
    try {
      const issued = await issueLink(reviewId, token, kind);
      rememberShareLink(reviewId, kind, issued.link);
      setLinks((current) => ({ ...current, [kind]: issued.link }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <>
      <button type="button" className="button button--small" popoverTarget={id} data-testid="share-button">
        <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.8 2.8 0 014 4L11 8.5M9 11.5l-1.2 1.2a2.8 2.8 0 01-4-4L5 7.5" />
        </svg>
        Share
      </button>
      <div id={id} popover="auto" className="popover share-popover" aria-label="Share this review">
        <SharePanel links={links} onCreate={create} error={error} />
      </div>
    </>
  );
}
