import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { LINK_KINDS, type LinkKind, type ShareLinkInfo } from '@hindsight/protocol';
import { readCreatedReview, readShareLinks, rememberShareLink, type ShareLinks } from '../../app/access';
import { ApiError } from '../../app/api';
import { ShareIcon } from '../../ui/icons';
import { fetchLinks, issueShareLink, revokeShareLink } from './share-api';
import { SharePanel } from './SharePanel';
import { SpaceMove } from './SpaceMove';
import type { ReviewSpaceState } from './use-review-space';
import { WebhooksPanel } from './WebhooksPanel';
import './share.css';

// The public ids of the links this browser keeps (by link), so the panel can tell whether each one
// still works. Ids are not secret: they name a link, they do not open anything.
const linkIdsKey = (reviewId: string) => `hindsight:link-ids:${reviewId}`;

function readLinkIds(reviewId: string): Record<string, string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(linkIdsKey(reviewId)) ?? '{}');
    return stored && typeof stored === 'object' ? (stored as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function rememberLinkId(reviewId: string, link: string, linkId: string): void {
  try {
    localStorage.setItem(linkIdsKey(reviewId), JSON.stringify({ ...readLinkIds(reviewId), [link]: linkId }));
  } catch {
    // storage disabled or full: the panel then cannot mark this link's status, nothing else
  }
}

/** The ids of the known links: those issued here, or (edit and view) made with the review in this browser. */
function knownLinkIds(reviewId: string, links: ShareLinks): Partial<Record<LinkKind, string>> {
  const issuedHere = readLinkIds(reviewId);
  const created = readCreatedReview(reviewId);
  const ids: Partial<Record<LinkKind, string>> = {};
  for (const kind of LINK_KINDS) {
    const link = links[kind];
    if (!link) continue;
    // Links made with the review: facilitator, edit and view (personal and follow-up are issued later).
    const madeWithReview = kind !== 'personal' && kind !== 'follow-up' && created?.links[kind] === link;
    const id = issuedHere[link] ?? (madeWithReview ? created.linkIds?.[kind] : undefined);
    if (id) ids[kind] = id;
  }
  return ids;
}

/**
 * The facilitator's "Share" button: the invite links open in a popover (native `popover`: top
 * layer, Escape and outside click close it, focus returns to the button), so the board keeps the
 * full width. Below the links, the review's team space, then its webhooks (Integrations). The panel
 * stays in the document while closed; the review's links and webhooks are fetched each time it
 * opens, so their status (active, revoked, expired; delivered, failed) is current.
 */
export function ShareButton({
  reviewId,
  token,
  space,
}: {
  reviewId: string;
  token: string;
  /** The review's team space, shown and changed in the panel's last part. */
  space: ReviewSpaceState;
}) {
  const id = useId();
  const popoverRef = useRef<HTMLDivElement>(null);
  const [links, setLinks] = useState<ShareLinks>(() => readShareLinks(reviewId));
  const [issued, setIssued] = useState<ShareLinkInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Counts openings: the webhooks panel reloads its list (and latest deliveries) on each.
  const [openCount, setOpenCount] = useState(0);

  const explain = (err: unknown) => setError(err instanceof ApiError ? err.message : String(err));
  const refresh = useCallback(
    () =>
      fetchLinks(reviewId, token).then(
        (answer) => setIssued(answer.links),
        (err: unknown) => setError(err instanceof ApiError ? err.message : String(err)),
      ),
    [reviewId, token],
  );

  useEffect(() => {
    const popover = popoverRef.current;
    if (!popover) return;
    const onToggle = (event: Event) => {
      if ((event as ToggleEvent).newState !== 'open') return;
      void refresh();
      setOpenCount((count) => count + 1);
    };
    popover.addEventListener('toggle', onToggle);
    return () => popover.removeEventListener('toggle', onToggle);
  }, [refresh]);

  // Links made in another browser cannot be shown (the server keeps only their hashes): a new one is issued.
  const create = async (kind: LinkKind, label: string | null, expiresAt: string | null): Promise<boolean> => {
    setError(null);
    try {
      const answer = await issueShareLink(reviewId, token, kind, label, expiresAt);
      rememberShareLink(reviewId, kind, answer.link);
      rememberLinkId(reviewId, answer.link, answer.id);
      setLinks((current) => ({ ...current, [kind]: answer.link }));
      await refresh();
      return true;
    } catch (err) {
      explain(err);
      return false;
    }
  };

  const revoke = async (linkId: string) => {
    setError(null);
    try {
      await revokeShareLink(reviewId, token, linkId);
      await refresh();
    } catch (err) {
      explain(err);
    }
  };

  return (
    <>
      <button type="button" className="button button--small" popoverTarget={id} data-testid="share-button">
        <ShareIcon className="button__icon" />
        Share
      </button>
      <div ref={popoverRef} id={id} popover="auto" className="popover share-popover" aria-label="Share this review">
        <SharePanel
          links={links}
          knownIds={knownLinkIds(reviewId, links)}
          issued={issued}
          onCreate={create}
          onRevoke={(linkId) => void revoke(linkId)}
          error={error}
        />
        <SpaceMove reviewId={reviewId} token={token} state={space} />
        <WebhooksPanel reviewId={reviewId} token={token} openCount={openCount} />
      </div>
    </>
  );
}
