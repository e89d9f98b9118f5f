import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** A webhook URL or address the policy refuses; `code` is the API error code. */
export class WebhookAddressError extends Error {
  constructor(
    readonly code: 'webhook_url_invalid' | 'webhook_address_refused' | 'webhook_url_unresolvable',
    message: string,
  ) {
    super(message);
    this.name = 'WebhookAddressError';
  }
}

/**
 * Why an address is not a public unicast one (loopback, private, link-local with the cloud metadata
 * service, unique-local, carrier-grade NAT, reserved, multicast, IPv6 forms that embed an IPv4
 * address...), or null when it is public. Deny by default: whatever ipaddr.js does not call
 * `unicast` is refused. An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
 */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : range;
}

/**
 * Parses a webhook URL and checks what can be checked without the network: https (http too when
 * `allowLocal`), no credentials in it, and, for an IP literal, a public address. A hostname is
 * resolved and checked at registration (resolveWebhookHost) and again at every connection
 * (guardedLookup), so a name re-pointed at an internal address later (DNS rebinding) is refused too.
 */
export function parseWebhookUrl(raw: string, allowLocal: boolean): URL {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new WebhookAddressError(
      'webhook_url_invalid',
      `The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookAddressError('webhook_url_invalid', 'The URL is not an absolute URL.');
  }
  const schemes = allowLocal ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    throw new WebhookAddressError('webhook_url_invalid', `The URL must use ${allowLocal ? 'http or https' : 'https'}.`);
  }
  if (url.username || url.password) {
    throw new WebhookAddressError('webhook_url_invalid', 'The URL must not carry a user name or password.');
  }
  const literal = ipLiteral(url);
  if (literal && !allowLocal) refuseNonPublic(literal);
  return url;
}

/** Resolves a webhook URL's host now and refuses it if any address it names is not public. */
export async function resolveWebhookHost(url: URL, allowLocal: boolean, lookup = dns.promises.lookup): Promise<void> {
  if (allowLocal || ipLiteral(url)) return;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(url.hostname, { all: true });
  } catch {
    throw new WebhookAddressError('webhook_url_unresolvable', `The host ${url.hostname} does not resolve.`);
  }
  for (const { address } of addresses) refuseNonPublic(address);
}

/**
 * A `lookup` for http.request that resolves as usual and fails the connection when any address
 * the name resolves to is not public: the check runs on the very addresses the socket connects to.
 * IP literals never reach a lookup; deliver.ts checks those itself (parseWebhookUrl).
 */
export function guardedLookup(allowLocal: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const refused = allowLocal ? undefined : addresses.find((entry) => nonPublicRange(entry.address) !== null);
      if (refused) {
        const error = new WebhookAddressError(
          'webhook_address_refused',
          `${hostname} resolves to a ${nonPublicRange(refused.address)} address`,
        );
        return callback(error, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** The URL's host when it is an IP address (IPv6 without its brackets), else null. */
function ipLiteral(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return net.isIP(host) ? host : null;
}

function refuseNonPublic(address: string): void {
  const range = nonPublicRange(address);
  if (range) {
    throw new WebhookAddressError(
      'webhook_address_refused',
      `The URL points to a ${range} address; only public addresses are allowed (see HINDSIGHT_WEBHOOK_ALLOW_LOCAL).`,
    );
  }
}
