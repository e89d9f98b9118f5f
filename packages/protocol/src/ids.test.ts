import { describe, expect, it } from 'vitest';
import { isReviewId, isTokenShaped } from './ids';
import { canWrite, hasRole } from './roles';

describe('review ids', () => {
  it('accepts url-safe ids and refuses anything that could reach storage unsafely', () => {
    expect(isReviewId('abcdEFGH_-12345678901')).toBe(true);
    for (const bad of ['', 'short', '../../etc/passwd', 'a b c d e f g h', 'x'.repeat(65), 'abc*defgh', 42, null]) {
      expect(isReviewId(bad)).toBe(false);
    }
  });
});

describe('tokens', () => {
  it('recognises the token shape only', () => {
    expect(isTokenShaped('hs_' + 'A'.repeat(43))).toBe(true);
    expect(isTokenShaped('hs_' + 'A'.repeat(42))).toBe(false);
    expect(isTokenShaped('Bearer x')).toBe(false);
  });
});

describe('roles', () => {
  it('orders facilitator > editor > viewer and only the first two write', () => {
    expect(hasRole('facilitator', 'editor')).toBe(true);
    expect(hasRole('viewer', 'editor')).toBe(false);
    expect(canWrite('editor')).toBe(true);
    expect(canWrite('viewer')).toBe(false);
  });
});
