/**
 * Presence over Yjs awareness. Each client's state: `{ user: { name, color }, editing }` where
 * `editing` names what it is editing ('finding:<id>', 'timeline:<id>', 'action:<id>',
 * 'narrative:<section>', 'title') or null. `user` is also what Tiptap's collaboration caret reads.
 * A client may have no `user` (null) for a while: it is then not shown and not counted.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { countRoomConnections } from '@hindsight/protocol';

export interface PresenceUser {
  name: string;
  color: string;
}

export interface PeerPresence {
  clientId: number;
  user: PresenceUser;
  editing: string | null;
}

function readPeers(awareness: Awareness): PeerPresence[] {
  const peers: PeerPresence[] = [];
  awareness.getStates().forEach((state, clientId) => {
    if (clientId === awareness.clientID) return;
    const user = (state as { user?: Partial<PresenceUser> }).user;
    if (!user || typeof user.name !== 'string' || typeof user.color !== 'string') return;
    const editing = (state as { editing?: unknown }).editing;
    peers.push({
      clientId,
      user: { name: user.name, color: user.color },
      editing: typeof editing === 'string' ? editing : null,
    });
  });
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/** The other people on the board, re-rendered when presence changes. */
export function usePeers(awareness: Awareness | null): PeerPresence[] {
  const [peers, setPeers] = useState<PeerPresence[]>(() => (awareness ? readPeers(awareness) : []));
  useEffect(() => {
    if (!awareness) return;
    const onChange = () => setPeers(readPeers(awareness));
    onChange();
    awareness.on('change', onChange);
    return () => awareness.off('change', onChange);
  }, [awareness]);
  return peers;
}

/**
 * How many connections the review has, as the servers say (each serving instance's own presence
 * state counts its sockets, and the server strips that field from everyone else's), or null while
 * not connected.
 */
export function useRoomConnections(awareness: Awareness | null): number | null {
  return useSyncExternalStore(
    (onChange) => {
      awareness?.on('change', onChange);
      return () => awareness?.off('change', onChange);
    },
    () => (awareness ? countRoomConnections(awareness.getStates().values()) : null),
  );
}

/** The other people currently editing `target` (e.g. `finding:<id>`). */
export function useEditorsOf(awareness: Awareness | null, target: string): PeerPresence[] {
  return usePeers(awareness).filter((peer) => peer.editing === target);
}

/** Marks what the local user is editing; pass null when they stop (on blur). */
export function setEditing(awareness: Awareness | null, target: string | null): void {
  if (!awareness) return;
  if ((awareness.getLocalState() as { editing?: unknown } | null)?.editing === target) return;
  awareness.setLocalStateField('editing', target);
}

/**
 * Drops the marker if it still names `target`: for a field that unmounts without a blur (a note
 * moved to another column remounts), so no stale "editing" marker stays behind.
 */
export function clearEditing(awareness: Awareness, target: string): void {
  if ((awareness.getLocalState() as { editing?: unknown } | null)?.editing === target) setEditing(awareness, null);
}

/** Subscribes to whether the local user is marked as editing `target` (for focus styling). */
export function useIsEditing(awareness: Awareness | null, target: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      awareness?.on('change', onChange);
      return () => awareness?.off('change', onChange);
    },
    () => (awareness?.getLocalState() as { editing?: unknown } | null)?.editing === target,
  );
}

/**
 * Publishes the local user's name and colour (the `user` field the presence bar and carets read),
 * or withdraws it with null: the client then stays connected but shows up as nobody.
 */
export function setLocalUser(awareness: Awareness | null, user: PresenceUser | null): void {
  if (!awareness) return;
  const current = (awareness.getLocalState() as { user?: Partial<PresenceUser> | null } | null)?.user ?? null;
  if (user === null) {
    if (current !== null) awareness.setLocalStateField('user', null);
    return;
  }
  if (current?.name === user.name && current.color === user.color && Object.keys(current).length === 2) return;
  // exactly these two fields: whatever else was in the previous value is replaced, not merged
  awareness.setLocalStateField('user', { name: user.name, color: user.color });
}
