/**
 * What the server itself says on a review's presence channel (Yjs awareness). Its own awareness
 * state holds only this field, and the server strips the field from every client's state, so a
 * state carrying it always comes from the server.
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
