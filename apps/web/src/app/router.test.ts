import { describe, expect, it } from 'vitest';
import { matchRoute } from './router';

describe('matchRoute', () => {
  it('maps / to the home page and /r/:id to the board', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/r/abcDEF_-12345678')).toEqual({ page: 'board', reviewId: 'abcDEF_-12345678' });
    expect(matchRoute('/r/abcDEF_-12345678/')).toEqual({ page: 'board', reviewId: 'abcDEF_-12345678' });
  });

  it('maps /s/:id to the team space', () => {
    expect(matchRoute('/s/abcDEF_-12345678')).toEqual({ page: 'space', spaceId: 'abcDEF_-12345678' });
    expect(matchRoute('/s/abcDEF_-12345678/')).toEqual({ page: 'space', spaceId: 'abcDEF_-12345678' });
  });

  it('sends anything else to not-found', () => {
    for (const path of ['/r', '/r/', '/r/a/b', '/s', '/s/', '/s/a/b', '/reviews', '/api/reviews']) {
      expect(matchRoute(path)).toEqual({ page: 'not-found' });
    }
  });
});
