import { randomBytes } from 'node:crypto';
import type { RedisOptions } from 'ioredis';
import { connectRedis, type RedisHandle } from '../../../../platform/redis/redis-provider.js';
import { RATE_LIMIT_REDIS_OPTIONS } from '../../../../chapters/03-security/rate-limit/redis-script.js';

/** Real Redis when REDIS_URL is set (CI), else ioredis-mock; the limiter's short-timeout options unless overridden. */
export function openRedis(url?: string, options: RedisOptions = {}): Promise<RedisHandle> {
  return connectRedis({ ...(url ? { url } : {}), options: { ...RATE_LIMIT_REDIS_OPTIONS, ...options }, log: () => {} });
}

/**
 * For tests about atomicity under 1,000 concurrent HTTP requests: on two shared cores the event loop lags far past
 * the production 250 ms timeout, and a timeout is not what those tests are about (the outage test covers it).
 */
export const PATIENT = { commandTimeout: 10_000 } as const;

/** A key prefix no other test (or run) shares, so tests on the one shared Redis never see each other's counts. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString('hex')}:`;
}

/** A clock the test moves by hand. */
export function fakeClock(start = 1_700_000_000_000): {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
} {
  let current = start;
  return {
    now: () => current,
    set: (ms) => void (current = ms),
    advance: (ms) => void (current += ms),
  };
}

export const REAL_REDIS = process.env.REDIS_URL;
export const SKIP_REASON = 'skipped: REDIS_URL is unset, so there is no real Redis in this run';

/** A real-Redis test's title: in a run without Redis it carries the reason it was skipped. */
export function realRedisTitle(title: string): string {
  return REAL_REDIS ? title : `${title} (${SKIP_REASON})`;
}
