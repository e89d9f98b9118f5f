import { useState } from 'react';
import { readSpaceLinks, rememberSpaceLinks } from '../app/my-spaces';
import { useControlAction } from '../board/facilitation/use-control-action';
import { CopyField } from '../ui/CopyField';
import { issueSpaceLink } from './space-api';

/**
 * The admin's links to share: the member link (read the space and open its reviews read-only) and
 * the admin link. Those made with the space in this browser are shown; elsewhere the admin link is
 * the one in use, and a member link can be issued (the server keeps only hashes of tokens, so a
 * link made elsewhere cannot be shown again).
 */
export function SpaceInvite({ spaceId, token }: { spaceId: string; token: string }) {
  const ownAdminLink = `${window.location.origin}/s/${encodeURIComponent(spaceId)}#token=${encodeURIComponent(token)}`;
  const [links, setLinks] = useState(() => readSpaceLinks(spaceId));
  const { pending, message, run } = useControlAction();

  const issueMember = () =>
    void run(async () => {
      const issued = await issueSpaceLink(spaceId, token, 'member');
      const next = { admin: links?.admin ?? ownAdminLink, member: issued.link };
      rememberSpaceLinks(spaceId, next);
      setLinks(next);
    });

  return (
    <details className="space-invite" data-testid="space-invite">
      <summary className="button button--secondary">Share links</summary>
      <div className="space-invite__body">
        {links?.member ? (
          <CopyField
            label="Member link"
            description="reads the space and opens its reviews read-only"
            value={links.member}
            testId="space-member-link"
          />
        ) : (
          <div className="copy-field">
            <p className="field-label">
              Member link <span className="muted">· reads the space and opens its reviews read-only</span>
            </p>
            <div>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={issueMember}
                disabled={pending}
                data-testid="space-create-member-link"
              >
                Create a member link
              </button>
            </div>
          </div>
        )}
        <CopyField
          label="Admin link"
          description="creates reviews and shares the space, like you"
          value={links?.admin ?? ownAdminLink}
          testId="space-admin-link"
        />
        {message && (
          <p className="form-error" role="alert">
            {message.text}
          </p>
        )}
      </div>
    </details>
  );
}
