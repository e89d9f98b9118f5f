import { describe, expect, it } from 'vitest';
import { tokenFromFragment } from './access';

describe('tokenFromFragment', () => {
  it('reads the token parameter of the fragment', () => {
    expect(tokenFromFragment('#token=hs_abc')).toBe('hs_abc');
    expect(tokenFromFragment('token=hs_abc&x=1')).toBe('hs_abc');
  });

  it('returns null when there is no token', () => {
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#')).toBeNull();
    expect(tokenFromFragment('#token=')).toBeNull();
    expect(tokenFromFragment('#other=1')).toBeNull();
  });
});
