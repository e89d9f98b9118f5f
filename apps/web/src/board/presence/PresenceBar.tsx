import { useId, type CSSProperties } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { initialsOf } from '../../collab/identity';
import { usePeers, useRoomConnections, type PresenceUser } from '../../collab/presence';
import { describeEditing } from './editing';
import './presence.css';

/** How many avatars fit before the rest collapse into "+N". */
const MAX_AVATARS = 6;

/** The local person as others see them. */
export interface SelfPresence {
  /** Their name and colour, or their pseudonym while findings are anonymous. */
  user: PresenceUser;
  /** True while `user` is a pseudonym standing in for them. */
  pseudonymous: boolean;
  /** Whether they have chosen a display name in this browser (optional while anonymous). */
  named: boolean;
}

interface PresenceBarProps {
  awareness: Awareness | null;
  /** The local person; null for viewers and until a name is chosen (when one is needed). */
  self: SelfPresence | null;
  onRename: () => void;
}

/**
 * Who is on the board: avatars in each person's colour, how many are present (this tab and every
 * peer that shows itself), and a list with names and what they edit. While findings are anonymous
 * everyone appears under a pseudonym, and one's own chip says which.
 */
export function PresenceBar({ awareness, self, onRename }: PresenceBarProps) {
  const peers = usePeers(awareness);
  const listId = useId();
  const inStack = self !== null && !self.pseudonymous;
  const shown = peers.slice(0, inStack ? MAX_AVATARS - 1 : MAX_AVATARS);
  const hidden = peers.length - shown.length;
  // Everyone connected, as the server counts it, so readers (who show no presence) count too and
  // every role sees one number; never fewer than the people shown.
  const shownPeople = peers.length + 1;
  const count = Math.max(useRoomConnections(awareness) ?? 0, shownPeople);
  const unnamed = count - shownPeople;

  return (
    <div className="presence" data-testid="presence-bar">
      {self?.pseudonymous && (
        <span className="presence-alias" data-testid="presence-alias">
          <Avatar user={self.user} self described={false} />
          <span className="presence-alias__text" data-testid="presence-alias-text">
            You · shown as <strong>{self.user.name}</strong>
          </span>
        </span>
      )}
      <ul className="presence__avatars" aria-label="People on this board">
        {self && inStack && (
          <li>
            <Avatar user={self.user} self />
          </li>
        )}
        {shown.map((peer) => (
          <li key={peer.clientId}>
            <Avatar user={peer.user} editing={describeEditing(peer.editing)} />
          </li>
        ))}
        {hidden > 0 && (
          <li>
            <span className="avatar avatar--more" aria-label={`and ${hidden} more`}>
              +{hidden}
            </span>
          </li>
        )}
      </ul>
      <button
        type="button"
        className="button button--ghost button--small presence__count"
        popoverTarget={listId}
        title={count === 1 ? 'Only you are on this board' : `${count} on this board, you and readers included`}
        data-testid="presence-toggle"
        data-count={count}
      >
        {count} present
      </button>
      <div id={listId} popover="auto" className="popover presence-popover" aria-label="People on this board">
        <h2 className="presence-popover__heading">On this board now</h2>
        <ul className="presence-list" data-testid="presence-list">
          {self && (
            <li className="presence-list__item">
              <Avatar user={self.user} self decorative />
              <span className="presence-list__name">
                {self.user.name} <span className="muted">(you)</span>
              </span>
              <button type="button" className="button button--secondary button--small" onClick={onRename}>
                {self.named ? 'Rename' : 'Add name'}
              </button>
              {self.pseudonymous && (
                <span className="presence-list__note">
                  While findings are anonymous, others see this pseudonym instead of your name.
                </span>
              )}
            </li>
          )}
          {peers.map((peer) => (
            <li key={peer.clientId} className="presence-list__item">
              <Avatar user={peer.user} decorative />
              <span className="presence-list__name">
                {peer.user.name}
                {peer.editing && <span className="presence-list__editing"> · {describeEditing(peer.editing)}</span>}
              </span>
            </li>
          ))}
        </ul>
        {unnamed > 0 && (
          <p className="presence-popover__unnamed" data-testid="presence-unnamed">
            {unnamed === 1 ? '1 more' : `${unnamed} more`} here without a name shown (reading, or not joined yet).
          </p>
        )}
      </div>
    </div>
  );
}

interface AvatarProps {
  user: PresenceUser;
  self?: boolean;
  editing?: string | null;
  /** Inside the list, where the name is written next to it. */
  decorative?: boolean;
  /** False when the words next to it already say who it is (it is then hidden from screen readers). */
  described?: boolean;
}

function Avatar({ user, self = false, editing = null, decorative = false, described = true }: AvatarProps) {
  const description = `${user.name}${self ? ' (you)' : ''}${editing ? `, ${editing}` : ''}`;
  const style = { '--avatar-color': user.color } as CSSProperties;
  if (decorative) {
    return (
      <span className="avatar avatar--small" style={style} aria-hidden="true">
        {initialsOf(user.name)}
      </span>
    );
  }
  return (
    <span
      className={`avatar${self ? ' avatar--self' : ''}${editing ? ' avatar--editing' : ''}`}
      style={style}
      title={description}
      aria-hidden={described ? undefined : true}
      data-testid={self ? 'presence-self' : 'presence-person'}
      data-name={user.name}
      data-color={user.color}
    >
      <span aria-hidden="true">{initialsOf(user.name)}</span>
      {described && <span className="visually-hidden">{description}</span>}
    </span>
  );
}
