import express from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemDetails } from '../../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import { listen, type RunningServer } from '../../chapters/02-architecture/support/http.js';
import {
  TooManyRequestsError,
  fromLimiterRejection,
  isLimiterRejection,
  rateLimitGuard,
} from '#exercise/02-architecture/03-rate-limited-error';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function guarded(consume: (key: string) => Promise<unknown>, onUnexpectedError = vi.fn()): Promise<string> {
  const app = express();
  app.use(rateLimitGuard(consume, (req) => req.ip ?? 'unknown'));
  app.get('/ping', (_req, res) => {
    res.json({ pong: true });
  });
  app.use(problemDetails({ onUnexpectedError }));
  server = await listen(app);
  return `${server.url}/ping`;
}

describe('02.3 a rate-limit error mapped through the problem-details middleware', () => {
  it('answers 429 problem+json with Retry-After once rate-limiter-flexible says no', async () => {
    const limiter = new RateLimiterMemory({ points: 2, duration: 60 });
    const url = await guarded((key) => limiter.consume(key));
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url)).status).toBe(200);

    const limited = await fetch(url);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfter,
      type: 'urn:workbook:problem:rate-limited',
      title: 'Too many requests',
      detail: `Too many requests; try again in ${retryAfter} s`,
    });
  });

  it('rounds the wait up to whole seconds and never says 0', () => {
    expect(fromLimiterRejection({ msBeforeNext: 1_200 }).retryAfterSeconds).toBe(2);
    expect(fromLimiterRejection({ msBeforeNext: 0 }).retryAfterSeconds).toBe(1);
    expect(fromLimiterRejection({ msBeforeNext: 3_000 })).toBeInstanceOf(TooManyRequestsError);
  });

  it('tells a limiter answer from a failure of the limiter itself', () => {
    expect(isLimiterRejection({ msBeforeNext: 10, remainingPoints: 0 })).toBe(true);
    expect(isLimiterRejection(Object.assign(new Error('redis down'), { msBeforeNext: 5 }))).toBe(false);
    expect(isLimiterRejection(null)).toBe(false);
    expect(isLimiterRejection(undefined)).toBe(false);
    expect(isLimiterRejection({ msBeforeNext: '5' })).toBe(false);
    expect(isLimiterRejection({ remainingPoints: 0 })).toBe(false);
  });

  it('passes a failing limiter on as a 500, not a 429, and reports it', async () => {
    const onUnexpectedError = vi.fn();
    const url = await guarded(() => Promise.reject(new Error('ECONNREFUSED redis')), onUnexpectedError);
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(onUnexpectedError).toHaveBeenCalledOnce();
  });

  it('spends the point under the key keyOf gives for the request', async () => {
    const consume = vi.fn(async (_key: string) => ({ remainingPoints: 1 }));
    const app = express();
    app.use(rateLimitGuard(consume, (req) => `user:${req.get('x-user') ?? 'anonymous'}`));
    app.get('/ping', (_req, res) => {
      res.json({ pong: true });
    });
    server = await listen(app);
    const response = await fetch(`${server.url}/ping`, { headers: { 'x-user': '42' } });
    expect(response.status).toBe(200);
    expect(consume.mock.calls).toEqual([['user:42']]);
  });

  it('sends Retry-After and retryAfter from the error itself', () => {
    const error = new TooManyRequestsError(7);
    expect(error.headers()).toEqual({ 'Retry-After': '7' });
    expect(error.extensions()).toEqual({ retryAfter: 7 });
  });
});
