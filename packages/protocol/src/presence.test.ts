import { describe, expect, it } from 'vitest';
import { countRoomConnections, isRoomPresenceState } from './presence';

describe('room presence', () => {
  it('adds up the connection counts of every instance serving the review, ignoring people’s states', () => {
    const states = [{ room: { connections: 2 } }, { user: { name: 'Quiet Otter' } }, { room: { connections: 3 } }];
    expect(countRoomConnections(states)).toBe(5);
    expect(countRoomConnections([{ room: { connections: 0 } }])).toBe(0);
    expect(countRoomConnections([{ user: null }, null])).toBeNull();
  });

  it('takes a state for a server’s only when it holds the room facts and nothing else', () => {
    expect(isRoomPresenceState({ room: { connections: 1 } })).toBe(true);
    expect(isRoomPresenceState({ room: { connections: 1 }, user: { name: 'Ana' } })).toBe(false);
    expect(isRoomPresenceState({ room: { connections: -1 } })).toBe(false);
    expect(isRoomPresenceState(null)).toBe(false);
  });
});
