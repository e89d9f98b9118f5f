import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhook } from './signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"type":"review.closed"}';

  it('signs the timestamp, a dot and the raw body with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', secret).update(`1765100000.${body}`).digest('hex');
    expect(signWebhook(secret, '1765100000', body)).toBe(`sha256=${expected}`);
  });

  it('verifies its own signature and refuses another body, secret, timestamp or a stale one', () => {
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    const signature = signWebhook(secret, timestamp, body);
    expect(verifyWebhook(secret, { timestamp, signature }, body, { now })).toBe(true);
    expect(verifyWebhook(secret, { timestamp, signature }, `${body} `, { now })).toBe(false);
    expect(verifyWebhook('whsec_other', { timestamp, signature }, body, { now })).toBe(false);
    expect(verifyWebhook(secret, { timestamp: String(Number(timestamp) + 1), signature }, body, { now })).toBe(false);
    expect(verifyWebhook(secret, { timestamp, signature }, body, { now: now + 301_000 })).toBe(false);
    expect(verifyWebhook(secret, { timestamp, signature: 'sha256=00' }, body, { now })).toBe(false);
  });

  it('makes secrets of 256 random bits with the whsec_ prefix', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
