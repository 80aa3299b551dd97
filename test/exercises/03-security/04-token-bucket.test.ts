import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import { rateLimit } from '../../../chapters/03-security/rate-limit/rate-limit.middleware.js';
import { call, listen, securityFixture, type RunningServer } from '../../chapters/03-security/support/security-app.js';
import { InMemoryBucketStore, takeToken, TokenBucketLimiter } from '#exercise/03-security/04-token-bucket';

const policy = { name: 'bucket', limit: 10, windowMs: 1_000 };

function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

describe('03.4 token bucket behind the limiter port', () => {
  it('starts full: a burst of the limit, then a refusal that says when one token is back', async () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(policy, { now: time.now });
    const first = await limiter.consume('k');
    expect(first).toEqual({ allowed: true, limit: 10, remaining: 9, resetMs: 100, retryAfterMs: 0 });
    for (let i = 0; i < 9; i++) expect((await limiter.consume('k')).allowed).toBe(true);
    expect(await limiter.consume('k')).toEqual({
      allowed: false,
      limit: 10,
      remaining: 0,
      resetMs: 100,
      retryAfterMs: 100,
    });
  });

  it('refills continuously and never above the limit', async () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(policy, { now: time.now });
    for (let i = 0; i < 10; i++) await limiter.consume('k');
    time.advance(100);
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('k')).allowed).toBe(false);
    time.advance(60_000);
    expect((await limiter.consume('k')).remaining).toBe(9);
  });

  it('does not count refused requests: hammering does not delay the next token', async () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(policy, { now: time.now });
    for (let i = 0; i < 10; i++) await limiter.consume('k');
    for (let i = 0; i < 9; i++) {
      time.advance(10);
      expect((await limiter.consume('k')).allowed).toBe(false);
    }
    time.advance(10);
    expect((await limiter.consume('k')).allowed).toBe(true);
  });

  it('is a pure function of state, time and policy', () => {
    const state = { tokens: 0.5, updatedAt: 0 };
    const result = takeToken(state, 50, policy);
    expect(state).toEqual({ tokens: 0.5, updatedAt: 0 });
    expect(result.decision.allowed).toBe(true);
    expect(result.state.tokens).toBeCloseTo(0);
    expect(takeToken(undefined, 0, policy).decision.remaining).toBe(9);
  });

  it('admits a token that is exactly due, even where floating point rounds it down', async () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(policy, { now: time.now });
    for (let i = 0; i < 10; i++) await limiter.consume('k');
    time.advance(116); // 1.16 tokens: one taken, 0.16 left
    expect((await limiter.consume('k')).allowed).toBe(true);
    time.advance(84); // 0.16 + 0.84 is exactly one token (0.9999999999999999 in doubles)
    expect(await limiter.consume('k')).toEqual({
      allowed: true,
      limit: 10,
      remaining: 0,
      resetMs: 1_000,
      retryAfterMs: 0,
    });
  });

  it('counts the whole tokens left exactly, even where floating point rounds them down', async () => {
    const time = clock();
    const limiter = new TokenBucketLimiter(policy, { now: time.now });
    for (let i = 0; i < 10; i++) await limiter.consume('k');
    time.advance(257);
    expect((await limiter.consume('k')).remaining).toBe(1);
    time.advance(43); // exactly two tokens are there: one taken, one left
    expect((await limiter.consume('k')).remaining).toBe(1);
  });

  it('neither refills nor drains when the clock steps back', () => {
    expect(takeToken({ tokens: 1, updatedAt: 1_000 }, 500, policy).decision).toMatchObject({
      allowed: true,
      remaining: 0,
    });
    expect(takeToken({ tokens: 0.5, updatedAt: 1_000 }, 500, policy).decision).toEqual({
      allowed: false,
      limit: 10,
      remaining: 0,
      resetMs: 50,
      retryAfterMs: 50,
    });
  });

  it('says when a partly refilled bucket has its next token and when it is full', () => {
    expect(takeToken({ tokens: 0.25, updatedAt: 0 }, 0, policy).decision).toEqual({
      allowed: false,
      limit: 10,
      remaining: 0,
      resetMs: 75,
      retryAfterMs: 75,
    });
    expect(takeToken({ tokens: 3.5, updatedAt: 0 }, 20, policy).decision).toEqual({
      allowed: true,
      limit: 10,
      remaining: 2,
      resetMs: 730,
      retryAfterMs: 0,
    });
  });

  it('runs on the real clock with a store of its own by default', async () => {
    const limiter = new TokenBucketLimiter({ name: 'default', limit: 2, windowMs: 3_600_000 });
    expect((await limiter.consume('k')).remaining).toBe(1);
    expect((await limiter.consume('k')).remaining).toBe(0);
    expect((await limiter.consume('k')).allowed).toBe(false);
    expect(
      (await new TokenBucketLimiter({ name: 'default', limit: 2, windowMs: 3_600_000 }).consume('k')).remaining,
    ).toBe(1);
  });

  it('keeps keys apart, stores buckets in the given store, and admits exactly the limit of 1,000 concurrent calls', async () => {
    const store = new InMemoryBucketStore();
    const limiter = new TokenBucketLimiter(
      { name: 'burst', limit: 100, windowMs: 60_000 },
      { store, now: clock().now },
    );
    const decisions = await Promise.all(Array.from({ length: 1_000 }, () => limiter.consume('same')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
    expect((await limiter.consume('other')).allowed).toBe(true);
    expect(store.get('other')?.tokens).toBe(99);
  });

  it('refuses an unusable policy', () => {
    expect(() => new TokenBucketLimiter({ name: 'x', limit: 0, windowMs: 1_000 })).toThrow(RangeError);
  });

  describe("through the chapter's middleware", () => {
    let server: RunningServer;
    beforeAll(async () => {
      const fx = await securityFixture();
      const limiter = new TokenBucketLimiter({ name: 'ping', limit: 2, windowMs: 60_000 }, { now: clock().now });
      const ping = (app: Express): void => {
        app.get('/ping', rateLimit({ limiter }), (_req, res) => {
          res.json({});
        });
      };
      server = await listen(createSecureApp({ ...fx.deps, mount: ping }));
    });
    afterAll(async () => server.close());

    it('answers 429 with Retry-After 30 once the bucket is empty', async () => {
      const statuses = [];
      for (let i = 0; i < 2; i++) statuses.push((await call(`${server.url}/ping`)).status);
      const limited = await call(`${server.url}/ping`);
      expect([...statuses, limited.status]).toEqual([200, 200, 429]);
      expect(limited.headers.get('retry-after')).toBe('30');
    });
  });
});
