import { describe, expect, it } from 'vitest';
import { closedPort } from '../../support/net.js';
import { connectRedis, RedisUnavailableError } from '../../../platform/redis/redis-provider.js';

const quiet = (): void => {};

describe('the Redis provider', () => {
  it('uses ioredis-mock when REDIS_URL is not set, and says so', async () => {
    const lines: string[] = [];
    const redis = await connectRedis({ url: '', log: (line) => lines.push(line) });
    try {
      expect(redis.provider).toBe('ioredis-mock');
      expect(lines.join('\n')).toMatch(/ioredis-mock/);
      await redis.client.set('provider-test', '0');
      await expect(redis.duplicate().get('provider-test')).resolves.toBe('0');
    } finally {
      await redis.close();
    }
  });

  it('fails loudly, naming the URL without its password, when REDIS_URL does not answer', async () => {
    const url = `redis://user:s3cret@127.0.0.1:${await closedPort()}`;
    const attempt = connectRedis({ url, connectTimeoutMs: 1_000, options: { retryStrategy: () => null }, log: quiet });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/REDIS_URL is set to redis:\/\/127\.0\.0\.1:\d+ but Redis did not answer/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });

  it.runIf(process.env.REDIS_URL)('uses the real Redis at REDIS_URL', async () => {
    const redis = await connectRedis({ log: quiet });
    try {
      expect(redis.provider).toBe('redis');
      await expect(redis.client.ping()).resolves.toBe('PONG');
    } finally {
      await redis.close();
    }
  });
});
