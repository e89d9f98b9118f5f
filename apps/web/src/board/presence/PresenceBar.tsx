import { useId, type CSSProperties } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { initialsOf } from '../../collab/identity';
import { usePeers, type PresenceUser } from '../../collab/presence';
import { describeEditing } from './editing';

/** How many avatars fit before the rest collapse into "+N". */
const MAX_AVATARS = 6;

interface PresenceBarProps {
  awareness: Awareness | null;
  /** The local person; null until they have chosen a name. */
  self: PresenceUser | null;
  onRename: () => void;
}

/** Who is on the board: avatars in each person's colour, and a list with names and what they edit. */
export function PresenceBar({ awareness, self, onRename }: PresenceBarProps) {
  const peers = usePeers(awareness);
  const listId = useId();
  const shown = peers.slice(0, self ? MAX_AVATARS - 1 : MAX_AVATARS);
  const hidden = peers.length - shown.length;
  const count = peers.length + (self ? 1 : 0);

  return (
    <div className="presence" data-testid="presence-bar">
      <ul className="presence__avatars" aria-label="People on this board">
        {self && (
          <li>
            <Avatar user={self} self />
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
        className="button button--ghost button--small presence__toggle"
        popoverTarget={listId}
        data-testid="presence-toggle"
      >
        {count === 0 ? 'No one editing' : count === 1 && self ? 'Only you' : `${count} here`}
      </button>
      <div id={listId} popover="auto" className="popover presence-popover" aria-label="People on this board">
        <h2 className="presence-popover__heading">On this board now</h2>
        <ul className="presence-list" data-testid="presence-list">
          {self && (
            <li className="presence-list__item">
              <Avatar user={self} self decorative />
              <span className="presence-list__name">
                {self.name} <span className="muted">(you)</span>
              </span>
              <button type="button" className="button button--secondary button--small" onClick={onRename}>
                Rename
              </button>
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
}

function Avatar({ user, self = false, editing = null, decorative = false }: AvatarProps) {
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
      data-testid={self ? 'presence-self' : 'presence-person'}
      data-name={user.name}
    >
      <span aria-hidden="true">{initialsOf(user.name)}</span>
      <span className="visually-hidden">{description}</span>
    </span>
  );
}
