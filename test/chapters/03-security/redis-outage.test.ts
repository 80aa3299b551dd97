import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Express } from 'express';
import type { RedisHandle } from '../../../platform/redis/redis-provider.js';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import { rateLimit } from '../../../chapters/03-security/rate-limit/rate-limit.middleware.js';
import type { RateLimiter } from '../../../chapters/03-security/rate-limit/rate-limiter.port.js';
import {
  ResilientRateLimiter,
  type StoreFailureMode,
} from '../../../chapters/03-security/rate-limit/resilient-rate-limiter.js';
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

/** A store that fails like a hung Redis (after its command timeout, here at once) and counts the calls it got. */
function hungStore(): RateLimiter & { calls: number; answer: boolean } {
  return {
    policy,
    calls: 0,
    answer: false,
    consume(this: { calls: number; answer: boolean }) {
      this.calls += 1;
      return this.answer
        ? Promise.resolve({ allowed: true, limit: 2, remaining: 1, resetMs: 1, retryAfterMs: 0 })
        : Promise.reject(new Error('Command timed out'));
    },
  };
}

describe('the circuit breaker in front of the store', () => {
  it('stops asking the store after 3 failures in a row and decides locally until the cool-down ends', async () => {
    const store = hungStore();
    const limiter = new ResilientRateLimiter(store, {
      log: () => {},
      circuit: { failureThreshold: 3, openMs: 5_000, now: () => 0 },
    });
    for (let i = 0; i < 3; i++) await limiter.consume(`k${i}`);
    expect(store.calls).toBe(3);

    const decisions = await Promise.all(Array.from({ length: 10 }, (_, i) => limiter.consume(`other${i}`)));

    expect(decisions.every((d) => d.allowed)).toBe(true); // decided by the per-process fallback
    expect(store.calls).toBe(3); // nothing reached the hung store: no request waited for its timeout
    expect(limiter.metrics()).toMatchObject({ circuit: 'open', shortCircuited: 10, fallbackDecisions: 13 });
  });

  it('lets one probe through after the cool-down, and closes when it succeeds', async () => {
    let now = 0;
    const store = hungStore();
    const limiter = new ResilientRateLimiter(store, {
      log: () => {},
      circuit: { failureThreshold: 3, openMs: 5_000, now: () => now },
    });
    for (let i = 0; i < 3; i++) await limiter.consume('k');
    now = 4_999;
    await limiter.consume('k');
    expect(store.calls).toBe(3);

    now = 5_000;
    await limiter.consume('k'); // the probe fails: open for another 5 s
    expect(store.calls).toBe(4);
    await limiter.consume('k');
    expect(store.calls).toBe(4);

    now = 10_000;
    store.answer = true;
    await limiter.consume('k'); // the probe succeeds: closed
    await limiter.consume('k');
    expect(store.calls).toBe(6);
    expect(limiter.metrics()).toMatchObject({ circuit: 'closed', degraded: false });
  });

  it('sends only one probe at a time: calls made while it is out decide locally at once', async () => {
    let now = 0;
    const pending: (() => void)[] = [];
    let calls = 0;
    const slow: RateLimiter = {
      policy,
      consume: () => {
        calls += 1;
        if (calls <= 3) return Promise.reject(new Error('Command timed out'));
        return new Promise((resolve) =>
          pending.push(() => resolve({ allowed: true, limit: 2, remaining: 1, resetMs: 1, retryAfterMs: 0 })),
        );
      },
    };
    const limiter = new ResilientRateLimiter(slow, {
      log: () => {},
      circuit: { failureThreshold: 3, openMs: 5_000, now: () => now },
    });
    for (let i = 0; i < 3; i++) await limiter.consume('k');
    now = 5_000;
    const probe = limiter.consume('k');

    let settled = 0;
    const meanwhile = Array.from({ length: 5 }, () => limiter.consume('k2').finally(() => (settled += 1)));
    await new Promise((resolve) => setImmediate(resolve));

    expect(calls).toBe(4); // the probe only
    expect(settled).toBe(5); // the others did not wait for it
    for (const release of pending.splice(0)) release();
    await Promise.all(meanwhile);
    expect((await probe).allowed).toBe(true);
  });
});

describe('when the shared store fails', () => {
  it.each<[StoreFailureMode, number[]]>([
    ['local', [200, 200, 429]],
    ['open', [200, 200, 200]],
    ['closed', [503, 503, 503]],
  ])('mode %s answers %j and never a 500', async (mode, expected) => {
    const log = vi.fn();
    const limiter = new ResilientRateLimiter(brokenStore, { mode, log });
    expect(await statuses(await serve(limiter), 3)).toEqual(expected);
    expect(limiter.metrics()).toMatchObject({ storeFailures: 3, fallbackDecisions: 3, degraded: true });
    expect(log).toHaveBeenCalledTimes(1); // one line per outage, not one per request
  });

  it('says so once when the store answers again', async () => {
    let down = true;
    const flaky: RateLimiter = {
      policy,
      consume: async () =>
        down
          ? Promise.reject(new Error('boom'))
          : { allowed: true, limit: 2, remaining: 1, resetMs: 1, retryAfterMs: 0 },
    };
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
describe("Redis unreachable for this test's own client, through a loopback proxy it controls", () => {
  async function throughProxy(): Promise<{
    proxy: TcpProxy;
    limiter: ResilientRateLimiter;
    log: ReturnType<typeof vi.fn>;
  }> {
    const proxy = await startTcpProxy(
      Number(new URL(REAL_REDIS ?? '').port || 6379),
      new URL(REAL_REDIS ?? '').hostname,
    );
    cleanups.push(() => proxy.close());
    const redis: RedisHandle = await openRedis(`redis://127.0.0.1:${proxy.port}`);
    cleanups.push(() => redis.close());
    const log = vi.fn();
    const limiter = new ResilientRateLimiter(
      new RedisSlidingWindowLimiter({ client: redis.client, policy, prefix: uniquePrefix('outage') }),
      { mode: 'local', log },
    );
    return { proxy, limiter, log };
  }

  it.runIf(REAL_REDIS)(
    realRedisTitle(
      'falls back to the per-process limiter with one log line when the connection is refused (real Redis)',
    ),
    async () => {
      const { proxy, limiter, log } = await throughProxy();
      const url = await serve(limiter);
      expect(await statuses(url, 1)).toEqual([200]); // decided by Redis
      await proxy.close(); // connections cut, port closed: reconnects are refused
      expect(await statuses(url, 3)).toEqual([200, 200, 429]); // decided by the fallback, which starts empty
      expect(limiter.metrics()).toMatchObject({ fallbackDecisions: 3, degraded: true });
      expect(log).toHaveBeenCalledOnce();
      expect(String(log.mock.calls[0]?.[0])).toMatch(
        /rate limiter ping: shared store failed \(.+\); deciding with the per-process fallback/,
      );
    },
  );

  it.runIf(REAL_REDIS)(
    realRedisTitle('falls back after the command timeout when Redis hangs (real Redis)'),
    async () => {
      const { proxy, limiter, log } = await throughProxy();
      const url = await serve(limiter);
      expect(await statuses(url, 1)).toEqual([200]);
      proxy.pause(); // bytes go nowhere: only the 250 ms commandTimeout ends the wait
      expect(await statuses(url, 1)).toEqual([200]);
      expect(String(log.mock.calls[0]?.[0])).toMatch(/shared store failed \(Command timed out\)/);
    },
  );

  // #region breaker-open
  it.runIf(REAL_REDIS)(
    realRedisTitle('sends nothing to a hung Redis once 3 commands in a row timed out (real Redis)'),
    async () => {
      const { proxy, limiter } = await throughProxy();
      const url = await serve(limiter);
      expect(await statuses(url, 1)).toEqual([200]);
      proxy.pause();
      expect(await statuses(url, 3)).toEqual([200, 200, 429]); // each waited for the 250 ms timeout; the fallback starts empty
      const sent = proxy.bytesFromClients();

      expect(await statuses(url, 5)).toEqual([429, 429, 429, 429, 429]);

      // No command left the client: these five could not have waited for the hung server.
      expect(proxy.bytesFromClients()).toBe(sent);
      expect(limiter.metrics()).toMatchObject({ circuit: 'open', shortCircuited: 5 });
    },
  );
  // #endregion breaker-open
});
// #endregion outage
