import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import net from 'node:net';

/** The reverse proxies in front of the server: the header they write addresses into, and how many there are. */
export interface TrustedProxy {
  /** Lower-case header name, e.g. `x-forwarded-for`: a comma-separated list each proxy appends to. */
  header: string;
  /** Proxies in a row between the client and the server, each appending the address it was called from. */
  hops: number;
}

/**
 * The address a request comes from: the socket's peer, or, behind `trustedProxy`, the header entry
 * that the outermost trusted proxy wrote. The header is read from the right, one entry per trusted
 * hop: entries further left were written by the client itself (anyone can send the header), so they
 * are never read, and neither is anything left of an entry that is not an address.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trustedProxy: TrustedProxy | undefined,
): string {
  let address = remoteAddress ?? 'unknown';
  if (!trustedProxy) return unmapped(address);
  const value = headers[trustedProxy.header];
  const entries = (Array.isArray(value) ? value.join(',') : (value ?? '')).split(',');
  for (let hop = 1; hop <= trustedProxy.hops && hop <= entries.length; hop++) {
    const entry = withoutPort(entries[entries.length - hop]!.trim());
    if (net.isIP(entry) === 0) break;
    address = entry;
  }
  return unmapped(address);
}

/** The client address of a request as Node received it (see `clientAddress`). */
export function requestAddress(request: IncomingMessage, trustedProxy: TrustedProxy | undefined): string {
  return clientAddress(request.socket.remoteAddress, request.headers, trustedProxy);
}

/**
 * The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64 prefix
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would limit nobody).
 */
export function addressKey(address: string): string {
  if (net.isIPv6(address)) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  return address;
}

/** `::ffff:192.0.2.1` (how a dual-stack socket shows an IPv4 peer) as `192.0.2.1`. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** An entry without the port some proxies add: `[2001:db8::1]:443` and `192.0.2.1:443`. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const ipv4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return ipv4WithPort ? ipv4WithPort[1]! : entry;
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.replace(/%.*$/, '').toLowerCase().split('::');
  const parse = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [group];
          // An embedded IPv4 address fills the last two groups.
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
