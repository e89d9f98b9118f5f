import { useCallback, useState } from 'react';
import type { SpaceLinkInfo } from '@hindsight/protocol';
import { readSpaceLinks, rememberSpaceLinks } from '../app/my-spaces';
import { useControlAction } from '../board/facilitation/use-control-action';
import { formatDateTime } from '../report/format';
import { CopyField } from '../ui/CopyField';
import { RevokeButton } from '../ui/RevokeButton';
import { fetchSpaceLinks, issueSpaceLink, revokeSpaceLink } from './space-api';

const KIND_NAMES = { admin: 'Admin', member: 'Member' } as const;

/**
 * The admin's links to share: the member link (read the space and open its reviews read-only) and
 * the admin link, then every link of the space with Revoke. Those made with the space in this
 * browser are shown; elsewhere the admin link is the one in use, and a member link can be issued
 * (the server keeps only hashes of tokens, so a link made elsewhere cannot be shown again). The
 * list is asked for each time the panel opens, so it says what works now.
 */
export function SpaceInvite({ spaceId, token }: { spaceId: string; token: string }) {
  const ownAdminLink = `${window.location.origin}/s/${encodeURIComponent(spaceId)}#token=${encodeURIComponent(token)}`;
  const [links, setLinks] = useState(() => readSpaceLinks(spaceId));
  const [issued, setIssued] = useState<SpaceLinkInfo[] | null>(null);
  const { pending, message, run } = useControlAction();

  const refresh = useCallback(
    () => run(async () => setIssued((await fetchSpaceLinks(spaceId, token)).links)),
    [run, spaceId, token],
  );
  // The member link kept here is not offered once the space has no working member link (revoked).
  const memberWorks = issued === null || issued.some((link) => link.kind === 'member' && link.active);
  const memberLink = links?.member && memberWorks ? links.member : null;

  const issueMember = () =>
    void run(async () => {
      const created = await issueSpaceLink(spaceId, token, 'member');
      const next = { admin: links?.admin ?? ownAdminLink, member: created.link };
      rememberSpaceLinks(spaceId, next);
      setLinks(next);
      setIssued((await fetchSpaceLinks(spaceId, token)).links);
    });

  const revoke = (linkId: string) =>
    void run(async () => {
      await revokeSpaceLink(spaceId, token, linkId);
      setIssued((await fetchSpaceLinks(spaceId, token)).links);
    });

  return (
    <details
      className="space-invite"
      data-testid="space-invite"
      onToggle={(event) => {
        if (event.currentTarget.open) void refresh();
      }}
    >
      <summary className="button button--secondary">Share links</summary>
      <div className="space-invite__body">
        {memberLink ? (
          <CopyField
            label="Member link"
            description="reads the space and opens its reviews read-only"
            value={memberLink}
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
        {issued && <SpaceLinkList links={issued} onRevoke={revoke} />}
      </div>
    </details>
  );
}

/** Every link of the space, newest first; a working one can be revoked, but not the last admin link. */
function SpaceLinkList({ links, onRevoke }: { links: SpaceLinkInfo[]; onRevoke: (linkId: string) => void }) {
  const activeAdmins = links.filter((link) => link.kind === 'admin' && link.active).length;
  return (
    <div className="copy-field">
      <h3 className="field-label">All links of this space</h3>
      <ul className="space-links" data-testid="space-links">
        {[...links].reverse().map((link) => {
          const revocable = link.active && (link.kind === 'member' || activeAdmins > 1);
          const name = `${KIND_NAMES[link.kind]}${link.label ? ` · ${link.label}` : ''}`;
          return (
            <li
              key={link.id}
              className="space-link"
              data-testid="space-link"
              data-kind={link.kind}
              data-active={link.active}
            >
              <span>
                <strong>{name}</strong> ·{' '}
                <span className={link.active ? 'badge' : 'badge muted'}>{link.active ? 'Active' : 'Revoked'}</span>
                <br />
                <span className="hint">
                  Created {formatDateTime(link.createdAt)}
                  {link.revokedAt ? ` · revoked ${formatDateTime(link.revokedAt)}` : ''}
                </span>
              </span>
              {revocable && (
                <RevokeButton
                  what={`the ${name} link`}
                  onRevoke={() => onRevoke(link.id)}
                  testId="space-link-revoke"
                  confirmTestId="space-link-revoke-confirm"
                />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
