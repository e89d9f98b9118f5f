import { describe, expect, it } from 'vitest';
import { selectAwarenessUser, type PresenceChoice } from './awareness-user';

const base: PresenceChoice = {
  policy: 'named',
  name: 'Ada Lovelace',
  color: '#175cd3',
  pseudonym: { name: 'Quiet Otter', color: '#027a48' },
};

describe('selectAwarenessUser', () => {
  it('publishes the chosen name and colour while findings are named or optionally anonymous', () => {
    expect(selectAwarenessUser(base)).toEqual({ name: 'Ada Lovelace', color: '#175cd3' });
    expect(selectAwarenessUser({ ...base, policy: 'optional' })).toEqual({ name: 'Ada Lovelace', color: '#175cd3' });
  });

  it('publishes only the pseudonym while findings are anonymous, with no trace of the name', () => {
    const user = selectAwarenessUser({ ...base, policy: 'anonymous' });
    expect(user).toEqual({ name: 'Quiet Otter', color: '#027a48' });
    expect(JSON.stringify(user)).not.toContain('Ada');
    expect(JSON.stringify(user)).not.toContain('#175cd3');
  });

  it('needs no name while anonymous, and shows nobody nameless under a named policy', () => {
    expect(selectAwarenessUser({ ...base, policy: 'anonymous', name: null })).toEqual(base.pseudonym);
    expect(selectAwarenessUser({ ...base, name: null })).toBeNull();
  });

  it('publishes nothing until the policy is known', () => {
    expect(selectAwarenessUser({ ...base, policy: null })).toBeNull();
  });
});
