/**
 * What the server itself says on a review's presence channel (Yjs awareness). Its own awareness
 * state holds only this field, and the server strips the field from every client's state, so a
 * state carrying it always comes from the server. With several instances each instance serving the
 * review has such a state (its own sockets), and they cross instances like any presence.
 */
export const ROOM_PRESENCE_FIELD = 'room';

/** The room as the server sees it. */
export interface RoomPresence {
  /** Open connections to the review, every role included (a viewer shows no presence of its own). */
  connections: number;
}

/** The room facts in an awareness state, or null when the state is not the server's. */
export function readRoomPresence(state: unknown): RoomPresence | null {
  if (typeof state !== 'object' || state === null) return null;
  const room = (state as Record<string, unknown>)[ROOM_PRESENCE_FIELD];
  if (typeof room !== 'object' || room === null) return null;
  const connections = (room as Record<string, unknown>).connections;
  return Number.isSafeInteger(connections) && (connections as number) >= 0
    ? { connections: connections as number }
    : null;
}

/**
 * How many connections the review has, from the presence states a client holds: the sum of every
 * serving instance's count (one state on a single instance), or null while no server state is there.
 */
export function countRoomConnections(states: Iterable<unknown>): number | null {
  let total: number | null = null;
  for (const state of states) {
    const room = readRoomPresence(state);
    if (room) total = (total ?? 0) + room.connections;
  }
  return total;
}

/** True for a state that is exactly a server's (the room facts and nothing else). */
export function isRoomPresenceState(state: unknown): boolean {
  return readRoomPresence(state) !== null && Object.keys(state as object).length === 1;
}
