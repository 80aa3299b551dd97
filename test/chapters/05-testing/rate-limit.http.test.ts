import { describe, expect, it } from 'vitest';
import { createTestData } from '../../../chapters/05-testing/harness/test-data.js';
import { useHarness } from './support/harness-fixture.js';

const harness = useHarness('rate-limit.http', { credentialsLimit: 3 });
const data = createTestData();

describe("the harness app with Chapter 3 rate limiting on the run's Redis", () => {
  it('uses the Redis that REDIS_URL names, and ioredis-mock only when it is unset', () => {
    expect(harness().services.providers.redis).toBe(process.env.REDIS_URL ? 'redis' : 'ioredis-mock');
  });

  it('answers the fourth sign-in attempt of a minute with 429, Retry-After and the RateLimit headers', async () => {
    const { api } = harness();
    const user = data.user();
    const attempts = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      attempts.push(await api.send('POST', '/auth/login', { body: { email: user.email, password: user.password } }));
    }
    expect(attempts.slice(0, 3).map((response) => response.status)).toEqual([401, 401, 401]);
    const refused = attempts[3]!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit')).toMatch(/r=0/);
  });
});
