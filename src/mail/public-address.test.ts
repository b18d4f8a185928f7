import { describe, expect, it } from 'vitest';
import { refusedAddress, refusedHost } from './public-address.ts';

describe('refusedAddress (what a resolver returned)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fdff:ffff::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a00:1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, refusal) => {
    expect(refusedAddress(address)).toBe(refusal);
  });

  it.each([
    '8.8.8.8',
    '11.0.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.0.1',
    '192.169.0.1',
    '223.255.255.255',
    '2001:4860:4860::8888',
    '2a00:1450:4007:80f::201a',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
  ])('%s is public', (address) => {
    expect(refusedAddress(address)).toBeNull();
  });
});

describe('refusedHost (as the owner typed it)', () => {
  it.each([
    ['localhost', 'loopback'],
    ['LOCALHOST.', 'loopback'],
    ['mail.localhost', 'loopback'],
    ['127.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0', 'unspecified'],
    ['[::1]', 'loopback'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['192.168.1.1', 'private'],
  ])('%s is %s', (host, refusal) => {
    expect(refusedHost(host)).toBe(refusal);
  });

  it.each(['smtp.example.com', 'smtp-relay.gmail.com', '8.8.8.8', '1e100.net', 'localhost.example.com', '999.1.1.1'])(
    '%s is left to DNS (or public)',
    (host) => {
      expect(refusedHost(host)).toBeNull();
    },
  );
});
