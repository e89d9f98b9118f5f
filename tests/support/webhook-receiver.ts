/** A real local webhook receiver (node:http) for the webhook tests: records every request it gets. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  event: string;
  delivery: string;
  timestamp: string;
  signature: string;
  rawBody: string;
  body: Record<string, unknown>;
  /** The status this receiver answered with. */
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** Statuses to answer the next requests with, in order; once used up, 200. */
  answerNext(...statuses: number[]): void;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (port 0). */
export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const answered = answers.shift() ?? 200;
      received.push({
        event: String(req.headers['x-hindsight-event']),
        delivery: String(req.headers['x-hindsight-delivery']),
        timestamp: String(req.headers['x-hindsight-timestamp']),
        signature: String(req.headers['x-hindsight-signature']),
        rawBody,
        body: JSON.parse(rawBody) as Record<string, unknown>,
        answered,
      });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/hindsight`,
    received,
    answerNext: (...statuses) => answers.push(...statuses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Verifies a delivery the way the README tells a receiver to: HMAC-SHA256 keyed with the secret over
 * `timestamp + "." + raw body`, hex, compared in constant time, and a timestamp within 5 minutes.
 */
export function verifySignature(secret: string, delivery: ReceivedDelivery): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${delivery.timestamp}.${delivery.rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(delivery.signature);
  const fresh = Math.abs(Date.now() / 1000 - Number(delivery.timestamp)) < 300;
  return fresh && expected.length === given.length && timingSafeEqual(expected, given);
}
