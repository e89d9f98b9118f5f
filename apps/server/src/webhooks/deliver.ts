import http from 'node:http';
import https from 'node:https';
import { guardedLookup, parseWebhookUrl } from './address-policy';
import { signWebhook } from './signature';

/** A receiver that has not answered (headers) within this long fails the attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** What sending needs: where, the secret that signs it, and the body fixed at enqueue. */
export interface Sendable {
  id: string;
  event: string;
  url: string;
  secret: string;
  body: string;
}

/** How one attempt went: a 2xx is delivered; anything else, with the status if there was one, failed. */
export type SendResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * POSTs one signed delivery, never following a redirect. The URL is checked again (scheme, IP
 * literal) and the hostname's addresses are checked as the socket connects (guardedLookup), so a
 * URL that now points inside the network is refused whatever it pointed to at registration.
 * Resolves, never rejects; never longer than the timeout.
 */
export function sendDelivery(
  delivery: Sendable,
  options: { allowLocal: boolean; timeoutMs?: number },
): Promise<SendResult> {
  let url: URL;
  try {
    url = parseWebhookUrl(delivery.url, options.allowLocal);
  } catch (err) {
    return Promise.resolve({ ok: false, status: null, error: (err as Error).message });
  }
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = Buffer.from(delivery.body);
  const request = url.protocol === 'https:' ? https.request : http.request;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      url,
      {
        method: 'POST',
        // A connection of its own each time: none is kept open to a receiver, nor reused after a DNS change.
        agent: false,
        lookup: guardedLookup(options.allowLocal),
        headers: {
          'content-type': 'application/json',
          'content-length': body.byteLength,
          'user-agent': 'Hindsight-Webhooks/1',
          'x-hindsight-event': delivery.event,
          'x-hindsight-delivery': delivery.id,
          'x-hindsight-timestamp': timestamp,
          'x-hindsight-signature': signWebhook(delivery.secret, timestamp, delivery.body),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // Only the status counts: the answer's body is not read, and its socket is closed at once.
        res.destroy();
        if (status >= 200 && status < 300) finish({ ok: true, status });
        else finish({ ok: false, status, error: `HTTP ${status}` });
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err) => finish({ ok: false, status: null, error: describe(err) }));
    req.end(body);
  });
}

function describe(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}
