import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { setLocalUser } from './presence';

function localUser(awareness: Awareness): unknown {
  return (awareness.getLocalState() as { user?: unknown } | null)?.user;
}

describe('setLocalUser', () => {
  it('publishes exactly the name and colour, and nothing when they are already published', () => {
    const awareness = new Awareness(new Y.Doc());
    let updates = 0;
    awareness.on('update', () => updates++);
    setLocalUser(awareness, { name: 'Quiet Otter', color: '#027a48' });
    setLocalUser(awareness, { name: 'Quiet Otter', color: '#027a48' });
    expect(localUser(awareness)).toEqual({ name: 'Quiet Otter', color: '#027a48' });
    expect(updates).toBe(1);
    awareness.destroy();
  });

  it('replaces a user that carries anything more, so no other field can keep a name', () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalStateField('user', { name: 'Quiet Otter', color: '#027a48', realName: 'Ada Lovelace' });
    setLocalUser(awareness, { name: 'Quiet Otter', color: '#027a48' });
    expect(localUser(awareness)).toEqual({ name: 'Quiet Otter', color: '#027a48' });
    awareness.destroy();
  });

  it('withdraws the user with null and keeps the rest of the state', () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalStateField('editing', 'title');
    setLocalUser(awareness, { name: 'Ada Lovelace', color: '#175cd3' });
    setLocalUser(awareness, null);
    expect(awareness.getLocalState()).toEqual({ editing: 'title', user: null });
    awareness.destroy();
  });
});
