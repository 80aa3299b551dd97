import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import { InMemorySlidingWindowLimiter } from '../../../chapters/03-security/rate-limit/in-memory-sliding-window.limiter.js';
import { rateLimit } from '../../../chapters/03-security/rate-limit/rate-limit.middleware.js';
import { call, listen, securityFixture, type RunningServer } from '../../chapters/03-security/support/security-app.js';
import { clientAddress, clientKeyOf, trustedProxies } from '#exercise/03-security/05-client-address';

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

  it('normalises IPv4-mapped IPv6 and stops at garbage', () => {
    const trusted = trustedProxies(['127.0.0.1']);
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.7', trusted)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', 'not-an-ip', trusted)).toBe('127.0.0.1');
  });

  it('refuses a trusted entry that is not an address or range', () => {
    expect(() => trustedProxies(['loopback'])).toThrow(TypeError);
  });

  describe('as the rate limiter key over HTTP (the test is the proxy on 127.0.0.1)', () => {
    let server: RunningServer;
    beforeAll(async () => {
      const fx = await securityFixture();
      const limiter = new InMemorySlidingWindowLimiter({ name: 'ping', limit: 1, windowMs: 60_000 });
      const ping = (app: Express): void => {
        // Built per request, so an unsolved stub fails this test rather than the whole describe's setup.
        app.get('/ping', rateLimit({ limiter, keyOf: (req, res) => clientKeyOf(trustedProxies(['127.0.0.1']))(req, res) }), (_req, res) => {
          res.json({});
        });
      };
      server = await listen(createSecureApp({ ...fx.deps, mount: ping }));
    });
    afterAll(async () => server.close());

    it('gives each real client its own bucket and a forged prefix none', async () => {
      const via = async (forwarded: string): Promise<number> => (await call(`${server.url}/ping`, { headers: { 'x-forwarded-for': forwarded } })).status;
      expect(await via('203.0.113.7')).toBe(200);
      expect(await via('1.1.1.1, 203.0.113.7')).toBe(429);
      expect(await via('203.0.113.8')).toBe(200);
    });
  });
});
