import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './client-address';

const behindOne = { header: 'x-forwarded-for', hops: 1 };

describe('clientAddress', () => {
  it('is the socket peer, IPv4-mapped addresses unwrapped, when no proxy is trusted', () => {
    expect(clientAddress('::ffff:192.0.2.7', {}, undefined)).toBe('192.0.2.7');
    expect(clientAddress('2001:db8::1', {}, undefined)).toBe('2001:db8::1');
    expect(clientAddress(undefined, {}, undefined)).toBe('unknown');
  });

  it('never reads the header unless a proxy is configured', () => {
    expect(clientAddress('192.0.2.7', { 'x-forwarded-for': '203.0.113.9' }, undefined)).toBe('192.0.2.7');
  });

  it('takes the entry the trusted proxy appended, not what the client wrote before it', () => {
    const headers = { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' };
    expect(clientAddress('10.0.0.2', headers, behindOne)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', headers, { header: 'x-forwarded-for', hops: 2 })).toBe('198.51.100.1');
  });

  it('stops at the socket peer or the last address when the header is short, missing or not an address', () => {
    expect(clientAddress('10.0.0.2', {}, behindOne)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', { 'x-forwarded-for': '203.0.113.9' }, { ...behindOne, hops: 3 })).toBe(
      '203.0.113.9',
    );
    expect(clientAddress('10.0.0.2', { 'x-forwarded-for': '198.51.100.1, evil' }, { ...behindOne, hops: 2 })).toBe(
      '10.0.0.2',
    );
  });

  it('reads a single-address header and strips ports and brackets', () => {
    expect(clientAddress('10.0.0.2', { 'x-real-ip': '203.0.113.9:5120' }, { header: 'x-real-ip', hops: 1 })).toBe(
      '203.0.113.9',
    );
    expect(clientAddress('10.0.0.2', { 'x-forwarded-for': '[2001:db8::5]:443' }, behindOne)).toBe('2001:db8::5');
  });
});

describe('addressKey', () => {
  it('keeps an IPv4 address and counts IPv6 addresses by their /64', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });
});
