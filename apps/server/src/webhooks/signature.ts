import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new webhook signing secret: 256 random bits, shown to the facilitator once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The `X-Hindsight-Signature` value: `sha256=` and the hex HMAC-SHA256, keyed with the secret, of
 * the timestamp (Unix seconds, the `X-Hindsight-Timestamp` header), a dot and the raw body. The
 * timestamp is signed so that a captured request cannot be replayed later with a new date.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (the README shows the same): recomputes the signature over the raw body,
 * compares in constant time, and refuses a timestamp further than `toleranceSeconds` from now.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string; signature: string },
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const sent = Number(headers.timestamp);
  const now = (options.now ?? Date.now()) / 1000;
  if (!Number.isInteger(sent) || Math.abs(now - sent) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, headers.timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
