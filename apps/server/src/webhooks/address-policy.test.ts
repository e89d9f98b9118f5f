import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  guardedLookup,
  nonPublicRange,
  parseWebhookUrl,
  resolveWebhookHost,
  WebhookAddressError,
} from './address-policy';

describe('webhook address policy', () => {
  it('refuses loopback, private, link-local (cloud metadata), unique-local and other non-public addresses', () => {
    const refused = {
      '127.0.0.1': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.9': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'linkLocal',
      '100.100.100.200': 'carrierGradeNat',
      '0.0.0.0': 'unspecified',
      '::1': 'loopback',
      '::': 'unspecified',
      'fe80::1': 'linkLocal',
      'fd00:ec2::254': 'uniqueLocal',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:169.254.169.254': 'linkLocal',
      '64:ff9b::a00:1': 'rfc6052',
      '2002:a00:1::1': '6to4',
      '224.0.0.1': 'multicast',
    };
    for (const [address, range] of Object.entries(refused)) expect(nonPublicRange(address), address).toBe(range);
    for (const address of ['8.8.8.8', '93.184.215.14', '2606:4700::1111']) expect(nonPublicRange(address)).toBeNull();
  });

  it('accepts https to a public host and refuses http, credentials and private IP literals unless local is allowed', () => {
    expect(parseWebhookUrl('https://hooks.example.com/in', false).hostname).toBe('hooks.example.com');
    const refusal = (url: string, allowLocal = false) => {
      try {
        parseWebhookUrl(url, allowLocal);
        return null;
      } catch (err) {
        return (err as WebhookAddressError).code;
      }
    };
    expect(refusal('http://hooks.example.com/in')).toBe('webhook_url_invalid');
    expect(refusal('ftp://hooks.example.com/in', true)).toBe('webhook_url_invalid');
    expect(refusal('https://user:pw@hooks.example.com/in')).toBe('webhook_url_invalid');
    expect(refusal('not a url')).toBe('webhook_url_invalid');
    expect(refusal(`https://example.com/${'a'.repeat(2000)}`)).toBe('webhook_url_invalid');
    expect(refusal('https://127.0.0.1/in')).toBe('webhook_address_refused');
    expect(refusal('https://[::1]:8443/in')).toBe('webhook_address_refused');
    expect(refusal('https://[::ffff:a9fe:a9fe]/latest')).toBe('webhook_address_refused');
    expect(refusal('https://169.254.169.254/latest/meta-data')).toBe('webhook_address_refused');
    expect(refusal('http://127.0.0.1:9000/in', true)).toBeNull();
    expect(refusal('https://93.184.215.14/in')).toBeNull();
  });

  it('refuses a name that resolves to any non-public address at registration', async () => {
    const lookup = (async (host: string) =>
      host === 'mixed.example'
        ? [
            { address: '93.184.215.14', family: 4 },
            { address: '10.0.0.5', family: 4 },
          ]
        : [{ address: '93.184.215.14', family: 4 }]) as never;
    await expect(resolveWebhookHost(new URL('https://mixed.example/'), false, lookup)).rejects.toMatchObject({
      code: 'webhook_address_refused',
    });
    await expect(resolveWebhookHost(new URL('https://public.example/'), false, lookup)).resolves.toBeUndefined();
    const failing = (async () => {
      throw new Error('ENOTFOUND');
    }) as never;
    await expect(resolveWebhookHost(new URL('https://nowhere.example/'), false, failing)).rejects.toMatchObject({
      code: 'webhook_url_unresolvable',
    });
  });

  it('checks the address at connect time: a name resolving to loopback is refused, unless local is allowed', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (allowLocal: boolean) =>
      new Promise<number>((resolve, reject) => {
        // `localhost` resolves to loopback: the guarded lookup refuses it before any connection.
        const req = http.get({ host: 'localhost', port, lookup: guardedLookup(allowLocal) }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    try {
      await expect(get(false)).rejects.toMatchObject({ code: 'webhook_address_refused' });
      await expect(get(true)).resolves.toBe(200);
    } finally {
      server.close();
    }
  });
});
