import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express, Request, Response } from 'express';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import { requireAuth } from '../../../chapters/03-security/auth/bearer-auth.middleware.js';
import { InMemorySlidingWindowLimiter } from '../../../chapters/03-security/rate-limit/in-memory-sliding-window.limiter.js';
import { rateLimit } from '../../../chapters/03-security/rate-limit/rate-limit.middleware.js';
import {
  ada,
  bearer,
  call,
  grace,
  listen,
  securityFixture,
  type RunningServer,
} from '../../chapters/03-security/support/security-app.js';
import { addressKey, clientAddress, clientKeyOf, trustedProxies } from '#exercise/03-security/05-client-address';

/** Just what a `keyOf` reads: the socket peer, the X-Forwarded-For header and the principal requireAuth stored. */
function exchange(remoteAddress: string | undefined, forwardedFor?: string, userId?: string): [Request, Response] {
  const req = {
    socket: { remoteAddress },
    get: (name: string) => (name.toLowerCase() === 'x-forwarded-for' ? forwardedFor : undefined),
  };
  const res = { locals: userId === undefined ? {} : { principal: { userId, roles: ['user'], sessionId: 's1' } } };
  return [req as unknown as Request, res as unknown as Response];
}

describe('03.5 the client address behind trusted proxies', () => {
  it('uses the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('198.51.100.9', '1.2.3.4', trustedProxies([]))).toBe('198.51.100.9');
  });

  it('takes the address the trusted proxy appended, not the one the client forged in front of it', () => {
    const trusted = trustedProxies(['10.0.0.0/8']);
    expect(clientAddress('10.0.0.5', '6.6.6.6, 203.0.113.7', trusted)).toBe('203.0.113.7');
  });

  it('walks through a chain of trusted proxies and stops at the first untrusted hop', () => {
    const trusted = trustedProxies(['10.0.0.0/8', '192.0.2.1']);
    expect(clientAddress('10.1.1.1', '6.6.6.6, 203.0.113.7, 192.0.2.1, 10.2.2.2', trusted)).toBe('203.0.113.7');
  });

  it('trusts a single address exactly, not its neighbours', () => {
    const trusted = trustedProxies(['192.0.2.1']);
    expect(clientAddress('192.0.2.2', '203.0.113.7', trusted)).toBe('192.0.2.2');
  });

  it('trusts IPv6 proxies and ranges as well as IPv4 ones', () => {
    const trusted = trustedProxies(['fd00::/8', '2001:db8::53']);
    expect(clientAddress('fd12::1', '2001:db8:aa::7, 2001:db8::53', trusted)).toBe('2001:db8:aa::7');
    expect(clientAddress('fe80::1', '2001:db8:aa::7', trusted)).toBe('fe80::1');
  });

  it('answers with the last trusted proxy when the header is missing, empty or names only trusted hops', () => {
    const trusted = trustedProxies(['10.0.0.0/8']);
    expect(clientAddress('10.0.0.5', undefined, trusted)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', '', trusted)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', '10.0.0.9, 10.0.0.8', trusted)).toBe('10.0.0.9');
  });

  it('skips empty list elements instead of stopping at them', () => {
    const trusted = trustedProxies(['10.0.0.0/8']);
    expect(clientAddress('10.0.0.5', '203.0.113.7, ,', trusted)).toBe('203.0.113.7');
  });

  it('normalises IPv4-mapped IPv6 and stops at garbage', () => {
    const trusted = trustedProxies(['127.0.0.1']);
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.7', trusted)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', 'not-an-ip', trusted)).toBe('127.0.0.1');
  });

  it('answers a mapped client address in its IPv4 form', () => {
    const trusted = trustedProxies(['127.0.0.1']);
    expect(clientAddress('::FFFF:198.51.100.9', undefined, trusted)).toBe('198.51.100.9');
    expect(clientAddress('127.0.0.1', '::ffff:203.0.113.7', trusted)).toBe('203.0.113.7');
  });

  it('stops at garbage even when a trusted hop sits to its left', () => {
    const trusted = trustedProxies(['10.0.0.0/8']);
    expect(clientAddress('10.0.0.5', '203.0.113.7, 10.0.0.6, unknown', trusted)).toBe('10.0.0.5');
  });

  it('refuses a trusted entry that is not an address or range', () => {
    expect(() => trustedProxies(['loopback'])).toThrow(TypeError);
  });

  it('names the entry it refuses', () => {
    expect(() => trustedProxies(['127.0.0.1', 'loopback'])).toThrow('loopback');
    expect(() => trustedProxies(['10.0.0.0/'])).toThrow('10.0.0.0/');
    expect(() => trustedProxies(['10.0.0.0/33'])).toThrow('10.0.0.0/33');
  });

  it('refuses an address that only follows a slash', () => {
    expect(() => trustedProxies(['evil/10.0.0.1'])).toThrow('evil/10.0.0.1');
  });

  it.each(['10.0.0.0/', '10.0.0.0/33', '10.0.0.0/8/8', '10.0.0.0/x', 'fd00::/129', '/8'])(
    'refuses the malformed range %s rather than trusting more than was meant',
    (entry) => {
      expect(() => trustedProxies([entry])).toThrow(TypeError);
    },
  );

  it('accepts the widest and narrowest prefixes of each family', () => {
    const trusted = trustedProxies(['192.0.2.1/32', '2001:db8::53/128', '198.51.100.0/24']);
    expect(clientAddress('192.0.2.1', '203.0.113.7', trusted)).toBe('203.0.113.7');
    expect(clientAddress('2001:db8::53', '203.0.113.8', trusted)).toBe('203.0.113.8');
    expect(clientAddress('198.51.100.200', '203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(clientAddress('0.0.0.1', '203.0.113.7', trustedProxies(['0.0.0.0/0']))).toBe('203.0.113.7');
  });

  describe('the rate-limit key', () => {
    it('keys an IPv4 client by its whole address', () => {
      expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
    });

    it('keys an IPv4-mapped IPv6 address as the IPv4 address it carries, in any case', () => {
      expect(addressKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
      expect(addressKey('::FFFF:203.0.113.7')).toBe('ip:203.0.113.7');
    });

    it('keys other IPv6 addresses written with a dotted tail by their /64, as IPv6', () => {
      expect(addressKey('::ffff:0:192.0.2.1')).toBe('ip:::/64'); // IPv4-translated, not IPv4-mapped
      expect(addressKey('::a:bc:192.0.2.1')).toBe('ip:::/64');
    });

    it('keys every address of one IPv6 /64 alike, so rotating through it gains nothing', () => {
      const keys = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2:3:4:5:6'].map(addressKey);
      expect(keys).toEqual(['ip:2001:db8:1:2::/64', 'ip:2001:db8:1:2::/64', 'ip:2001:db8:1:2::/64']);
    });

    it('keys neighbouring IPv6 /64s apart', () => {
      expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
      expect(addressKey('2001:db8:1:3::1')).toBe('ip:2001:db8:1:3::/64');
    });

    it('writes the /64 in canonical form whatever the spelling: lower case, no leading zeros, zeros as ::', () => {
      expect(addressKey('2001:0DB8:0000:0000:0001:0000:0000:0007')).toBe('ip:2001:db8::/64');
      expect(addressKey('2001:db8:0:0:1::7')).toBe('ip:2001:db8::/64');
      expect(addressKey('2001:db8::')).toBe('ip:2001:db8::/64');
      expect(addressKey('2001:0:0:abcd::1')).toBe('ip:2001:0:0:abcd::/64');
      expect(addressKey('0:0:1:2::9')).toBe('ip:0:0:1:2::/64');
      expect(addressKey('::1')).toBe('ip:::/64');
    });

    it('expands :: correctly when the groups after it reach into the /64', () => {
      expect(addressKey('2001::3:4:5:6:7:8')).toBe('ip:2001:0:3:4::/64');
      expect(addressKey('1::2:3:4:5:6:7')).toBe('ip:1:0:2:3::/64');
      expect(addressKey('::2:3:4:5:6:7:8')).toBe('ip:0:2:3:4::/64');
    });

    it('counts a dotted IPv4 tail as the two groups it stands for', () => {
      expect(addressKey('2001::3:4:5:192.0.2.1')).toBe('ip:2001:0:0:3::/64');
      expect(addressKey('64:ff9b::192.0.2.1')).toBe('ip:64:ff9b::/64');
    });

    it('is user:<id> for a signed-in caller, wherever the request comes from', () => {
      const keyOf = clientKeyOf(trustedProxies(['127.0.0.1']));
      expect(keyOf(...exchange('127.0.0.1', '203.0.113.7', 'u-42'))).toBe('user:u-42');
      expect(keyOf(...exchange('198.51.100.9', undefined, 'u-42'))).toBe('user:u-42');
    });

    it('is the address key of the client address for an anonymous caller', () => {
      const keyOf = clientKeyOf(trustedProxies(['127.0.0.1']));
      expect(keyOf(...exchange('127.0.0.1', '6.6.6.6, 2001:db8:1:2::99'))).toBe('ip:2001:db8:1:2::/64');
      expect(keyOf(...exchange('::ffff:198.51.100.9', '203.0.113.7'))).toBe('ip:198.51.100.9');
    });

    it('still answers a key when the socket has already closed and has no address', () => {
      const keyOf = clientKeyOf(trustedProxies(['127.0.0.1']));
      expect(keyOf(...exchange(undefined, '203.0.113.7'))).toBe('ip:');
    });
  });

  describe('as the rate limiter key over HTTP (the test is the proxy on 127.0.0.1)', () => {
    let server: RunningServer;
    let adaToken: string;
    let graceToken: string;
    beforeAll(async () => {
      const fx = await securityFixture();
      const guard = requireAuth({ tokens: fx.tokens, sessions: fx.auth });
      const limited = (name: string) => {
        const limiter = new InMemorySlidingWindowLimiter({ name, limit: 1, windowMs: 60_000 });
        // Built per request, so an unsolved stub fails this test rather than the whole describe's setup.
        return rateLimit({ limiter, keyOf: (req, res) => clientKeyOf(trustedProxies(['127.0.0.1']))(req, res) });
      };
      const routes = (app: Express): void => {
        app.get('/ping', limited('ping'), (_req, res) => {
          res.json({});
        });
        app.get('/ping6', limited('ping6'), (_req, res) => {
          res.json({});
        });
        app.get('/me', guard, limited('me'), (_req, res) => {
          res.json({});
        });
      };
      server = await listen(createSecureApp({ ...fx.deps, mount: routes }));
      adaToken = String((await fx.auth.login(ada.email, ada.password)).accessToken);
      graceToken = String((await fx.auth.login(grace.email, grace.password)).accessToken);
    });
    afterAll(async () => server.close());

    const via = async (path: string, forwarded: string, headers: Record<string, string> = {}): Promise<number> =>
      (await call(`${server.url}${path}`, { headers: { 'x-forwarded-for': forwarded, ...headers } })).status;

    it('gives each real client its own bucket and a forged prefix none', async () => {
      expect(await via('/ping', '203.0.113.7')).toBe(200);
      expect(await via('/ping', '1.1.1.1, 203.0.113.7')).toBe(429);
      expect(await via('/ping', '203.0.113.8')).toBe(200);
    });

    it('gives one IPv6 /64 one bucket, however many of its addresses it uses', async () => {
      expect(await via('/ping6', '2001:db8:5:6::1')).toBe(200);
      expect(await via('/ping6', '2001:db8:5:6:a:b:c:d')).toBe(429);
      expect(await via('/ping6', '2001:db8:5:7::1')).toBe(200);
    });

    it('counts a signed-in user against their own bucket, not their address', async () => {
      expect(await via('/me', '203.0.113.7', bearer(adaToken))).toBe(200);
      expect(await via('/me', '203.0.113.7', bearer(graceToken))).toBe(200);
      expect(await via('/me', '198.51.100.20', bearer(adaToken))).toBe(429);
    });
  });
});
