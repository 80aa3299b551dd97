import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Express, RequestHandler } from 'express';
import type { RedisHandle } from '../../../platform/redis/redis-provider.js';
import { createSecureApp, type TrustProxy } from '../../../chapters/03-security/app.js';
import { rateLimit } from '../../../chapters/03-security/rate-limit/rate-limit.middleware.js';
import type { RateLimitPolicy } from '../../../chapters/03-security/rate-limit/rate-limiter.port.js';
import { RedisSlidingWindowLimiter } from '../../../chapters/03-security/rate-limit/sliding-window.limiter.js';
import { fakeClock, openRedis, PATIENT, REAL_REDIS, realRedisTitle, uniquePrefix } from './support/redis.js';
import { ada, bearer, call, grace, listen, securityFixture, type RunningServer } from './support/security-app.js';

let redis: RedisHandle;
let patient: RedisHandle;
const running: RunningServer[] = [];
beforeAll(async () => {
  redis = await openRedis();
  patient = await openRedis(undefined, PATIENT);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});
afterAll(async () => {
  await redis.close();
  await patient.close();
});

function limiter(policy: RateLimitPolicy, now?: () => number, client = redis.client): RedisSlidingWindowLimiter {
  return new RedisSlidingWindowLimiter({ client, policy, prefix: uniquePrefix(policy.name), ...(now ? { now } : {}) });
}

async function start(options: {
  credentialsLimiter?: RequestHandler;
  apiLimiter?: RequestHandler;
  trustProxy?: TrustProxy;
  mount?: (app: Express) => void;
}): Promise<string> {
  const fx = await securityFixture({ trustProxy: options.trustProxy ?? false, ...options });
  const server = await listen(createSecureApp({ ...fx.deps, ...options, trustProxy: options.trustProxy ?? false }));
  running.push(server);
  return server.url;
}

const wrongLogin = { email: ada.email, password: 'not the password' };

describe(`rate limiting over HTTP (${REAL_REDIS ? 'real Redis' : 'ioredis-mock'})`, () => {
  // #region http-429
  it('answers 429 problem+json with Retry-After in whole seconds and the RateLimit headers', async () => {
    const url = await start({
      credentialsLimiter: rateLimit({ limiter: limiter({ name: 'login', limit: 3, windowMs: 60_000 }) }),
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(`${url}/auth/login`, { body: wrongLogin })).status);
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await call(`${url}/auth/login`, { body: wrongLogin });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', policy: 'login' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 59 && retryAfter <= 60).toBe(true);
    expect(limited.headers.get('ratelimit-policy')).toBe('"login";q=3;w=60');
    expect(limited.headers.get('ratelimit')).toBe(`"login";r=0;t=${retryAfter}`);
  });
  // #endregion http-429

  it('counts no refused request and never escalates: after Retry-After the client gets through', async () => {
    const clock = fakeClock();
    const url = await start({
      credentialsLimiter: rateLimit({ limiter: limiter({ name: 'login', limit: 2, windowMs: 60_000 }, clock.now) }),
    });
    await call(`${url}/auth/login`, { body: wrongLogin });
    await call(`${url}/auth/login`, { body: wrongLogin });
    let retryAfter = 0;
    for (let i = 0; i < 20; i++) {
      const refused = await call(`${url}/auth/login`, { body: wrongLogin });
      expect(refused.status).toBe(429);
      retryAfter = Number(refused.headers.get('retry-after'));
    }
    clock.advance(retryAfter * 1000);
    expect((await call(`${url}/auth/login`, { body: { email: ada.email, password: ada.password } })).status).toBe(200);
  });

  it('keys by user after authentication: one user at the limit does not limit another', async () => {
    const url = await start({
      apiLimiter: rateLimit({ limiter: limiter({ name: 'api', limit: 2, windowMs: 60_000 }) }),
    });
    const adaToken = String(
      (await call(`${url}/auth/login`, { body: { email: ada.email, password: ada.password } })).body.accessToken,
    );
    const graceToken = String(
      (await call(`${url}/auth/login`, { body: { email: grace.email, password: grace.password } })).body.accessToken,
    );
    const adaStatuses = [];
    for (let i = 0; i < 3; i++) adaStatuses.push((await call(`${url}/users/me`, { headers: bearer(adaToken) })).status);
    expect(adaStatuses).toEqual([200, 200, 429]);
    expect((await call(`${url}/users/me`, { headers: bearer(graceToken) })).status).toBe(200);
  });

  // #region spoofing
  it('ignores X-Forwarded-For unless trust proxy says so: a spoofed header buys no fresh bucket', async () => {
    const url = await start({
      trustProxy: false,
      credentialsLimiter: rateLimit({ limiter: limiter({ name: 'login', limit: 2, windowMs: 60_000 }) }),
    });
    const statuses = [];
    for (const ip of ['1.1.1.1', '2.2.2.2', '3.3.3.3'])
      statuses.push((await call(`${url}/auth/login`, { body: wrongLogin, headers: { 'x-forwarded-for': ip } })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('with trust proxy "loopback", keys by the address the proxy saw, not by what the client wrote before it', async () => {
    const url = await start({
      trustProxy: 'loopback',
      credentialsLimiter: rateLimit({ limiter: limiter({ name: 'login', limit: 1, windowMs: 60_000 }) }),
    });
    // The proxy (us, on loopback) appends the real client address; anything to its left was written by the client.
    const via = (forwarded: string): Promise<number> =>
      call(`${url}/auth/login`, { body: wrongLogin, headers: { 'x-forwarded-for': forwarded } }).then((r) => r.status);
    expect(await via('203.0.113.7')).toBe(401);
    expect(await via('198.51.100.1, 203.0.113.7')).toBe(429); // same real client, a forged entry in front
    expect(await via('203.0.113.8')).toBe(401); // another client behind the same proxy
  });
  // #endregion spoofing

  // #region ipv6
  it('keys an IPv6 client by its /64: rotating addresses inside the network buys no fresh bucket', async () => {
    const url = await start({
      trustProxy: 'loopback',
      credentialsLimiter: rateLimit({ limiter: limiter({ name: 'login', limit: 2, windowMs: 60_000 }) }),
    });
    const via = (client: string): Promise<number> =>
      call(`${url}/auth/login`, { body: wrongLogin, headers: { 'x-forwarded-for': client } }).then((r) => r.status);
    const statuses = [];
    for (let i = 1; i <= 10; i++) statuses.push(await via(`2001:db8:1:2:${i.toString(16)}:${i}::${i}`));
    expect(statuses).toEqual([401, 401, 429, 429, 429, 429, 429, 429, 429, 429]);
    expect(await via('2001:db8:1:3::1')).toBe(401); // the neighbouring /64 is another subscriber
  });
  // #endregion ipv6
});

describe('exactness under concurrency over HTTP', () => {
  const ping =
    (handler: RequestHandler) =>
    (app: Express): void => {
      app.get('/ping', handler, (_req, res) => {
        res.json({ ok: true });
      });
    };

  it(`admits exactly 100 of 1,000 concurrent requests against a limit of 100 (${REAL_REDIS ? 'real Redis' : 'ioredis-mock'})`, async () => {
    const url = await start({
      mount: ping(
        rateLimit({
          limiter: limiter({ name: 'ping', limit: 100, windowMs: 60_000 }, fakeClock().now, patient.client),
        }),
      ),
    });
    const statuses = await Promise.all(
      Array.from({ length: 1_000 }, () => fetch(`${url}/ping`).then(async (r) => (await r.arrayBuffer(), r.status))),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(900);
  }, 60_000);

  // #region two-instances
  it.runIf(REAL_REDIS)(
    realRedisTitle(
      'admits exactly 100 of 1,000 concurrent requests spread over two app instances sharing one Redis (real Redis)',
    ),
    async () => {
      const other = await openRedis(REAL_REDIS, PATIENT); // a second connection, as a second process would have
      try {
        const policy = { name: 'ping', limit: 100, windowMs: 60_000 };
        const prefix = uniquePrefix('two-instances');
        const urls = [
          await start({
            mount: ping(
              rateLimit({ limiter: new RedisSlidingWindowLimiter({ client: patient.client, policy, prefix }) }),
            ),
          }),
          await start({
            mount: ping(
              rateLimit({ limiter: new RedisSlidingWindowLimiter({ client: other.client, policy, prefix }) }),
            ),
          }),
        ];
        const statuses = await Promise.all(
          Array.from({ length: 1_000 }, (_, i) =>
            fetch(`${urls[i % 2]}/ping`).then(async (r) => (await r.arrayBuffer(), r.status)),
          ),
        );
        expect(statuses.filter((s) => s === 200)).toHaveLength(100);
      } finally {
        await other.close();
      }
    },
    60_000,
  );
  // #endregion two-instances
});
