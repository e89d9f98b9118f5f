import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { setLocalUser, usePeers } from '../../collab/presence';
import { useControlOf } from '../use-control';
import { selectAwarenessUser } from './awareness-user';
import { distinctColor } from './distinct-color';
import { NameDialog } from './NameDialog';
import { PresenceBar } from './PresenceBar';
import { loadPseudonym } from './pseudonym';
import { useLocalIdentity } from './use-identity';

interface BoardPresenceProps {
  reviewId: string;
  awareness: Awareness | null;
  /** Editors and facilitators are shown to others; viewers only watch (the server drops their presence). */
  present: boolean;
  /** The document once the board can be shown (synced, or this browser's saved copy); null before. */
  doc: Y.Doc | null;
  /** True while the document is in sync with the server on the current connection. */
  synced: boolean;
  /**
   * True once the server ended the connection for good (the link was revoked or expired): nobody is
   * asked for a name any more, and an open name dialog closes so the board's explanation shows.
   */
  ended: boolean;
}

/**
 * The local person on the board: what others see of them (their name, or a pseudonym while the
 * review's findings are anonymous), the presence bar, and the dialog that asks for a name.
 */
export function BoardPresence({ reviewId, awareness, present, doc, synced, ended }: BoardPresenceProps) {
  const identity = useLocalIdentity();
  const policy = useControlOf(doc)?.anonymity ?? null;
  const [renaming, setRenaming] = useState(false);
  // Drawn once per review in this tab, never in the person's colour of that moment (it could give
  // them away); a later change of colour does not draw a new one.
  const ownColor = identity.color;
  const pseudonym = useMemo(() => loadPseudonym(reviewId, { avoidColor: ownColor }), [reviewId]);
  const anonymous = policy === 'anonymous';
  // Two people drawn alike cannot be told apart: the one with the higher client id shows another colour.
  const peers = usePeers(awareness).map((peer) => ({ clientId: peer.clientId, color: peer.user.color }));
  const onBoard = (user: { name: string; color: string } | null) =>
    user && awareness
      ? { ...user, color: distinctColor(user.color, awareness.clientID, peers, anonymous ? ownColor : null) }
      : user;
  const choice = { name: identity.name, color: identity.color, pseudonym };

  // Published only once this connection has synced: until then the policy could be a stale copy's.
  const published = present ? onBoard(selectAwarenessUser({ ...choice, policy: synced ? policy : null })) : null;
  const publishedName = published?.name ?? null;
  const publishedColor = published?.color ?? null;
  useEffect(() => {
    if (!present || !awareness) return;
    const user =
      publishedName !== null && publishedColor !== null ? { name: publishedName, color: publishedColor } : null;
    // Kept as chosen here: another writer of the field (the narrative editors' caret extension
    // publishes the user it read when it was set up) must not leave an out-of-date one in place.
    const keep = () => setLocalUser(awareness, user);
    keep();
    awareness.on('change', keep);
    return () => awareness.off('change', keep);
  }, [awareness, present, publishedName, publishedColor]);

  // Shown to the person themselves from the policy in the document, so a dropped connection does not hide them.
  const shown = present ? onBoard(selectAwarenessUser({ ...choice, policy })) : null;
  const self = shown ? { user: shown, pseudonymous: anonymous, named: identity.name !== null } : null;
  // A name is asked for on first join, once the policy is known, and never while findings are anonymous.
  const firstJoin = present && policy !== null && !anonymous && identity.name === null;

  return (
    <>
      <PresenceBar awareness={awareness} self={self} onRename={() => setRenaming(true)} />
      {present && !ended && (firstJoin || renaming) && (
        <NameDialog
          name={identity.name ?? ''}
          color={identity.color}
          firstJoin={firstJoin}
          pseudonym={anonymous ? pseudonym.name : null}
          onSave={(user) => {
            identity.choose(user);
            setRenaming(false);
          }}
          onClose={() => {
            // Closed on first join without a name: join as a guest this time and ask again next visit.
            if (firstJoin) identity.choose({ name: 'Guest', color: identity.color }, false);
            setRenaming(false);
          }}
        />
      )}
    </>
  );
}
