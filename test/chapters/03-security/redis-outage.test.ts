import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Express } from 'express';
import type { RedisHandle } from '../../../platform/redis/redis-provider.js';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import { rateLimit } from '../../../chapters/03-security/rate-limit/rate-limit.middleware.js';
import type { RateLimiter } from '../../../chapters/03-security/rate-limit/rate-limiter.port.js';
import { ResilientRateLimiter, type StoreFailureMode } from '../../../chapters/03-security/rate-limit/resilient-rate-limiter.js';
import { RedisSlidingWindowLimiter } from '../../../chapters/03-security/rate-limit/sliding-window.limiter.js';
import { openRedis, REAL_REDIS, realRedisTitle, uniquePrefix } from './support/redis.js';
import { call, listen, securityFixture, type RunningServer } from './support/security-app.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const policy = { name: 'ping', limit: 2, windowMs: 60_000 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A limiter whose store is down: every call rejects the way ioredis does without a connection. */
const brokenStore: RateLimiter = {
  policy,
  consume: () => Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
};

async function serve(limiter: RateLimiter): Promise<string> {
  const fx = await securityFixture({ onUnexpectedError: () => {} }); // fail-closed 503s are expected here
  const ping = (app: Express): void => {
    app.get('/ping', rateLimit({ limiter }), (_req, res) => {
      res.json({ ok: true });
    });
  };
  const server: RunningServer = await listen(createSecureApp({ ...fx.deps, mount: ping }));
  cleanups.push(() => server.close());
  return server.url;
}

async function statuses(url: string, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await call(`${url}/ping`)).status);
  return result;
}

describe('when the shared store fails', () => {
  it.each<[StoreFailureMode, number[]]>([
    ['local', [200, 200, 429]],
    ['open', [200, 200, 200]],
    ['closed', [503, 503, 503]],
  ])('mode %s answers %j and never a 500', async (mode, expected) => {
    const log = vi.fn();
    const limiter = new ResilientRateLimiter(brokenStore, { mode, log });
    expect(await statuses(await serve(limiter), 3)).toEqual(expected);
    expect(limiter.metrics()).toEqual({ storeFailures: 3, fallbackDecisions: 3, degraded: true });
    expect(log).toHaveBeenCalledTimes(1); // one line per outage, not one per request
  });

  it('says so once when the store answers again', async () => {
    let down = true;
    const flaky: RateLimiter = { policy, consume: async () => (down ? Promise.reject(new Error('boom')) : { allowed: true, limit: 2, remaining: 1, resetMs: 1, retryAfterMs: 0 }) };
    const log = vi.fn();
    const limiter = new ResilientRateLimiter(flaky, { log });
    await limiter.consume('k');
    down = false;
    await limiter.consume('k');
    expect(log.mock.calls.map(([line]) => String(line))).toEqual([
      expect.stringContaining('shared store failed (boom); deciding with the per-process fallback'),
      'rate limiter ping: shared store answers again after 1 failures',
    ]);
    expect(limiter.metrics().degraded).toBe(false);
  });
});

// #region outage
describe('Redis unreachable for this test\'s own client, through a loopback proxy it controls', () => {
  async function throughProxy(): Promise<{ proxy: TcpProxy; limiter: ResilientRateLimiter; log: ReturnType<typeof vi.fn> }> {
    const proxy = await startTcpProxy(Number(new URL(REAL_REDIS ?? '').port || 6379), new URL(REAL_REDIS ?? '').hostname);
    cleanups.push(() => proxy.close());
    const redis: RedisHandle = await openRedis(`redis://127.0.0.1:${proxy.port}`);
    cleanups.push(() => redis.close());
    const log = vi.fn();
    const limiter = new ResilientRateLimiter(new RedisSlidingWindowLimiter({ client: redis.client, policy, prefix: uniquePrefix('outage') }), { mode: 'local', log });
    return { proxy, limiter, log };
  }

  it.runIf(REAL_REDIS)(realRedisTitle('falls back to the per-process limiter with one log line when the connection is refused (real Redis)'), async () => {
    const { proxy, limiter, log } = await throughProxy();
    const url = await serve(limiter);
    expect(await statuses(url, 1)).toEqual([200]); // decided by Redis
    await proxy.close(); // connections cut, port closed: reconnects are refused
    expect(await statuses(url, 3)).toEqual([200, 200, 429]); // decided by the fallback, which starts empty
    expect(limiter.metrics()).toMatchObject({ fallbackDecisions: 3, degraded: true });
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toMatch(/rate limiter ping: shared store failed \(.+\); deciding with the per-process fallback/);
  });

  it.runIf(REAL_REDIS)(realRedisTitle('falls back after the command timeout when Redis hangs (real Redis)'), async () => {
    const { proxy, limiter, log } = await throughProxy();
    const url = await serve(limiter);
    expect(await statuses(url, 1)).toEqual([200]);
    proxy.pause(); // bytes go nowhere: only the 250 ms commandTimeout ends the wait
    expect(await statuses(url, 1)).toEqual([200]);
    expect(String(log.mock.calls[0]?.[0])).toMatch(/shared store failed \(Command timed out\)/);
  });

});
// #endregion outage
