import { describe, expect, it } from 'vitest';
import { forgetSpace, isMySpace, recordSpace, spaceHref, type MySpace } from './my-spaces';

const space = (id: string, seenAt: string, extra: Partial<MySpace> = {}): MySpace => ({
  id,
  name: `Space ${id}`,
  role: 'member',
  token: `hs_${id}`,
  seenAt,
  ...extra,
});

describe('my spaces', () => {
  it('lists the most recently seen first and updates an entry in place', () => {
    let list = recordSpace([], space('a', '2026-01-01T00:00:00Z'));
    list = recordSpace(list, space('b', '2026-01-02T00:00:00Z'));
    list = recordSpace(list, space('a', '2026-01-03T00:00:00Z', { name: 'Payments' }));
    expect(list.map((entry) => [entry.id, entry.name])).toEqual([
      ['a', 'Payments'],
      ['b', 'Space b'],
    ]);
    expect(forgetSpace(list, 'a').map((entry) => entry.id)).toEqual(['b']);
  });

  it('keeps an admin token when the same browser later opens the member link', () => {
    const admin = recordSpace([], space('a', '2026-01-01T00:00:00Z', { role: 'admin', token: 'hs_admin' }));
    const after = recordSpace(admin, space('a', '2026-01-02T00:00:00Z', { role: 'member', token: 'hs_member' }));
    expect(after[0]).toMatchObject({ role: 'admin', token: 'hs_admin', seenAt: '2026-01-02T00:00:00Z' });
    const promoted = recordSpace(after, space('a', '2026-01-03T00:00:00Z', { role: 'admin', token: 'hs_admin2' }));
    expect(promoted[0]).toMatchObject({ role: 'admin', token: 'hs_admin2' });
  });

  it('tells a well-formed stored entry from a malformed one', () => {
    const good = space('a', '2026-01-01T00:00:00Z');
    expect(
      [good, { ...good, role: 'owner' }, { ...good, token: '' }, { id: 'x' }, null, 'y'].filter(isMySpace),
    ).toEqual([good]);
  });

  it('opens a space with its token in the fragment', () => {
    expect(spaceHref({ id: 'abc', token: 'hs_t/1' })).toBe('/s/abc#token=hs_t%2F1');
  });
});
