import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { InvalidRegistrationError } from '../../../../chapters/06-microservices/discovery/discovery-error.js';
import { resolveAdvertisedAddress } from '../../../../chapters/06-microservices/discovery/instance-identity.js';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo =>
  ({
    address,
    family,
    internal,
    netmask: '',
    mac: '00:00:00:00:00:00',
    cidr: null,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  }) as NetworkInterfaceInfo;

const machine = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('fe80::1', 'IPv6', false), nic('10.0.4.7', 'IPv4', false)],
  eth1: [nic('192.168.1.20', 'IPv4', false)],
};

describe('the advertised address', () => {
  it('is the configured one when there is one, loopback included (tests, one machine)', () => {
    expect(resolveAdvertisedAddress({ configured: 'orders-0.orders.svc', interfaces: machine })).toBe(
      'orders-0.orders.svc',
    );
    expect(resolveAdvertisedAddress({ configured: '127.0.0.1', interfaces: machine })).toBe('127.0.0.1');
  });

  it('refuses a listening address as a destination, however it is written', () => {
    for (const configured of ['0.0.0.0', '::', '[::]']) {
      expect(() => resolveAdvertisedAddress({ configured, interfaces: machine })).toThrow(InvalidRegistrationError);
    }
  });

  it('is otherwise the first IPv4 address that is not internal, skipping loopback and IPv6', () => {
    expect(resolveAdvertisedAddress({ interfaces: machine })).toBe('10.0.4.7');
    expect(resolveAdvertisedAddress({ configured: '', interfaces: machine })).toBe('10.0.4.7');
  });

  it('fails with a clear error when nothing is configured and the machine has only loopback or IPv6', () => {
    const lonely = { lo: machine.lo, eth0: [nic('fe80::1', 'IPv6', false)] };
    expect(() => resolveAdvertisedAddress({ interfaces: lonely })).toThrow(/no advertised address configured/);
  });
});
