import { describe, expect, it } from 'vitest';
import { ErrorBody } from '@hindsight/protocol';
import { useTestApp } from '../testing/test-app';

// Route tests have no socket: every request counts as from one address.
const t = useTestApp({
  rates: {
    create: { points: 2, seconds: 3600 },
    join: { points: 2, seconds: 60 },
    upgrade: { points: 0, seconds: 60 },
    joinLink: { points: 0, seconds: 60 },
  },
});

interface Created {
  id: string;
  tokens: { facilitator: string; edit: string; view: string };
}

/** Asserts a 429 in the API's error shape that says when to retry, in the body and the header. */
async function expectRateLimited(res: Response, windowSeconds: number) {
  expect(res.status).toBe(429);
  const { error } = ErrorBody.parse(await res.json());
  expect(error.code).toBe('rate_limited');
  expect(error.retryAfterSeconds).toBeGreaterThan(windowSeconds - 10);
  expect(error.retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
  expect(res.headers.get('retry-after')).toBe(String(error.retryAfterSeconds));
  expect(error.message).toMatch(/^Too many requests from your address\. Try again in \d+ (s|min)\.$/);
}

describe('rate limits on the open routes', () => {
  it('counts creating and importing together, and refuses past the limit before reading the body', async () => {
    const created = (await (await t.call('POST', '/api/reviews', null, { title: 'First' })).json()) as Created;
    const exported = await (await t.call('GET', `/api/reviews/${created.id}/export.json`, created.tokens.view)).json();
    expect((await t.call('POST', '/api/reviews/import', null, exported)).status).toBe(201);
    await expectRateLimited(await t.call('POST', '/api/reviews', null, { title: 'Third' }), 3600);
    await expectRateLimited(await t.call('POST', '/api/reviews/import', null, exported), 3600);
    // Refused before the body is read: not even a malformed one gets its 400.
    await expectRateLimited(await t.call('POST', '/api/reviews', null, '{"title": '), 3600);
  });

  it('counts joins, whatever the token, and leaves the other routes alone', async () => {
    const review = (await (await t.call('POST', '/api/reviews', null, { title: 'Joined' })).json()) as Created;
    const join = (token: string) => t.call('POST', `/api/reviews/${review.id}/participants`, token);
    expect((await join(review.tokens.edit)).status).toBe(201);
    expect((await join(`hs_${'x'.repeat(43)}`)).status).toBe(401);
    await expectRateLimited(await join(review.tokens.facilitator), 60);
    for (let i = 0; i < 5; i++) {
      expect((await t.call('GET', `/api/reviews/${review.id}`, review.tokens.view)).status).toBe(200);
    }
  });
});
