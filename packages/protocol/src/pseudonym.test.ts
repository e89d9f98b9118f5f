import { describe, expect, it } from 'vitest';
import { isAnonymousPresenceState } from './pseudonym';

const pseudonym = { name: 'Quiet Otter', color: '#027a48' };
const position = { type: { client: 12, clock: 3 }, tname: null, item: { client: 12, clock: 7 }, assoc: 0 };

describe('presence under the anonymous policy', () => {
  it('accepts what the web client publishes: a pseudonym, an editing marker, a caret, or nothing', () => {
    for (const state of [
      null,
      {},
      { user: pseudonym },
      { user: pseudonym, editing: 'finding:1oGoE3n8ltAmfEHeWM_VYw' },
      { user: pseudonym, editing: null, cursor: { anchor: position, head: position } },
      { user: null, editing: 'narrative:summary', cursor: null },
      // A caret at the end of a section names its root type instead of an item.
      {
        user: pseudonym,
        cursor: { anchor: { type: null, tname: 'narrative:summary', item: null, assoc: 0 }, head: position },
      },
    ]) {
      expect(isAnonymousPresenceState(state), JSON.stringify(state)).toBe(true);
    }
  });

  it('refuses a name, an e-mail, any other field or free text in a marker or caret', () => {
    for (const state of [
      { user: { name: 'Ana Alvarez', color: '#027a48' } },
      { user: { ...pseudonym, email: 'ana@example.com' } },
      { user: { name: 'Quiet Otter', color: '#123456' } },
      { user: pseudonym, name: 'Ana Alvarez' },
      { user: pseudonym, editing: 'Ana Alvarez is typing' },
      { user: pseudonym, cursor: { anchor: { ...position, tname: 'Ana Alvarez' }, head: position } },
      { user: pseudonym, cursor: { anchor: position, head: position, by: 'Ana' } },
      { user: 'Quiet Otter' },
      [pseudonym],
      'Ana Alvarez',
    ]) {
      expect(isAnonymousPresenceState(state), JSON.stringify(state)).toBe(false);
    }
  });
});
