import { describe, expect, it } from 'vitest';
import { parseSpaceLink } from './space-link';

const token = `hs_${'a'.repeat(43)}`;

describe('parseSpaceLink', () => {
  it('reads the id and token of a whole space link, with or without its origin', () => {
    expect(parseSpaceLink(`https://hindsight.example/s/Space_id-1234#token=${token}`)).toEqual({
      spaceId: 'Space_id-1234',
      token,
    });
    expect(parseSpaceLink(`  /s/Space_id-1234/#token=${token}\n`)).toEqual({ spaceId: 'Space_id-1234', token });
  });

  it('takes a bare token', () => {
    expect(parseSpaceLink(token)).toEqual({ spaceId: null, token });
  });

  it('refuses a review link, a link without its token and anything else', () => {
    expect(parseSpaceLink(`https://hindsight.example/r/Review_id-1234#token=${token}`)).toBeNull();
    expect(parseSpaceLink('https://hindsight.example/s/Space_id-1234')).toBeNull();
    expect(parseSpaceLink('https://hindsight.example/s/Space_id-1234#token=hs_short')).toBeNull();
    expect(parseSpaceLink('hello')).toBeNull();
    expect(parseSpaceLink('')).toBeNull();
  });
});
