import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { addressKey } from '../../../chapters/03-security/rate-limit/address-key.js';
import { createIdentityKey, identityKey } from '../../../chapters/03-security/rate-limit/rate-limit.middleware.js';

describe('addressKey', () => {
  it('keys an IPv4 client by its address', () => {
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 client it is, in either spelling', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressKey('::FFFF:cb00:7107')).toBe('ip:203.0.113.7');
  });

  it('keys every address of one /64 the same, in RFC 5952 form', () => {
    const keys = ['2001:db8:1:2::1', '2001:0DB8:0001:0002:ffff:eeee:dddd:cccc', '2001:db8:1:2:0:0:0:2'].map((a) =>
      addressKey(a),
    );
    expect(new Set(keys)).toEqual(new Set(['ip:2001:db8:1:2::/64']));
    expect(addressKey('2001:db8:1:3::1')).toBe('ip:2001:db8:1:3::/64');
  });

  it('handles the short forms: a leading ::, an embedded IPv4 tail and a zone index', () => {
    expect(addressKey('::1')).toBe('ip:::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('ip:64:ff9b::/64');
    expect(addressKey('fe80::1%eth0')).toBe('ip:fe80::/64');
  });

  it('takes another prefix length when the network hands out larger or smaller blocks', () => {
    expect(addressKey('2001:db8:1:2ff::1', 56)).toBe('ip:2001:db8:1:200::/56');
    expect(addressKey('2001:db8:1:2ff::1', 48)).toBe('ip:2001:db8:1::/48');
    expect(addressKey('2001:db8::1', 128)).toBe('ip:2001:db8::1/128');
    expect(addressKey('2001:db8:0:0:1::1', 128)).toBe('ip:2001:db8::1:0:0:1/128');
  });

  it('refuses a prefix length that is not a whole number from 1 to 128', () => {
    for (const bad of [0, 129, 63.5, Number.NaN]) expect(() => addressKey('2001:db8::1', bad)).toThrow(RangeError);
  });

  it('passes anything that is not an IP address through unchanged', () => {
    expect(addressKey('unknown')).toBe('ip:unknown');
  });
});

describe('identityKey', () => {
  const anonymous = (ip: string): [Request, Response] => [{ ip, socket: {} } as Request, { locals: {} } as Response];

  it('keys an anonymous IPv6 client by its /64 by default, and by the configured prefix when given one', () => {
    expect(identityKey(...anonymous('2001:db8:1:2::99'))).toBe('ip:2001:db8:1:2::/64');
    expect(createIdentityKey({ ipv6PrefixLength: 48 })(...anonymous('2001:db8:1:2::99'))).toBe('ip:2001:db8:1::/48');
    expect(() => createIdentityKey({ ipv6PrefixLength: 0 })).toThrow(RangeError);
  });
});
