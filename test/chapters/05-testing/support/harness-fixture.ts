import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createRateLimiter } from '../../../../chapters/03-security/rate-limit/create-rate-limiter.js';
import { rateLimit } from '../../../../chapters/03-security/rate-limit/rate-limit.middleware.js';
import { apiClient, type ApiClient } from '../../../../chapters/05-testing/harness/api-client.js';
import { listenOnLoopback, type LoopbackServer } from '../../../../chapters/05-testing/harness/loopback-server.js';
import { buildTestApp, type TestApp } from '../../../../chapters/05-testing/harness/test-app.js';
import { startTestServices, type TestServices } from '../../../../chapters/05-testing/harness/test-services.js';
import { sharedMongo } from '../../../support/mongo.js';

export interface HarnessOptions {
  /** Sign-in attempts per minute per client before a 429 (generous by default, so only a test that wants it sees one). */
  readonly credentialsLimit?: number;
  /** Authenticated API requests per minute per user. */
  readonly apiLimit?: number;
}

export interface HarnessFixture {
  readonly services: TestServices;
  readonly app: TestApp;
  readonly server: LoopbackServer;
  readonly api: ApiClient;
}

// #region fixture
/**
 * One app per test file on this run's MongoDB (its own database) and Redis (with Chapter 3's rate limiters on it):
 * started before the file's tests,
 * closed after. Tests share the server but never data: each makes its own users with `createTestData()`.
 */
export function useHarness(label: string, options: HarnessOptions = {}): () => HarnessFixture {
  let fixture: HarnessFixture | undefined;
  beforeAll(async () => {
    const services = await startTestServices({ label, mongo: sharedMongo(), redis: true });
    try {
      // Chapter 3's limiters on this run's Redis (real Redis in CI), each under a policy name of its own so files
      // sharing one Redis never share a counter.
      const policy = (name: string, limit: number): { name: string; limit: number; windowMs: number } => ({
        name: `${name}-${randomBytes(4).toString('hex')}`,
        limit,
        windowMs: 60_000,
      });
      const limiter = (name: string, limit: number): ReturnType<typeof rateLimit> =>
        rateLimit({ limiter: createRateLimiter({ client: services.redis!.client, policy: policy(name, limit) }) });
      const app = await buildTestApp({
        db: services.db,
        app: {
          credentialsLimiter: limiter('credentials', options.credentialsLimit ?? 100),
          apiLimiter: limiter('api', options.apiLimit ?? 1_000),
        },
      });
      const server = await listenOnLoopback(app.app);
      fixture = { services, app, server, api: apiClient(server.url) };
    } catch (error) {
      await services.close();
      throw error;
    }
  });
  afterAll(async () => {
    await fixture?.server.close();
    await fixture?.services.close();
  });
  return () => {
    if (!fixture) throw new Error(`the ${label} harness did not start (see the beforeAll error)`);
    return fixture;
  };
}
// #endregion fixture
