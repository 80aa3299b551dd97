import { afterAll, beforeAll } from 'vitest';
import { apiClient, type ApiClient } from '../../../../chapters/05-testing/harness/api-client.js';
import { listenOnLoopback, type LoopbackServer } from '../../../../chapters/05-testing/harness/loopback-server.js';
import { buildTestApp, type TestApp } from '../../../../chapters/05-testing/harness/test-app.js';
import { startTestServices, type TestServices } from '../../../../chapters/05-testing/harness/test-services.js';
import { sharedMongo } from '../../../support/mongo.js';

export interface HarnessFixture {
  readonly services: TestServices;
  readonly app: TestApp;
  readonly server: LoopbackServer;
  readonly api: ApiClient;
}

// #region fixture
/**
 * One app per test file on this run's MongoDB (its own database) and Redis: started before the file's tests,
 * closed after. Tests share the server but never data: each makes its own users with `createTestData()`.
 */
export function useHarness(label: string, options: { redis?: boolean } = {}): () => HarnessFixture {
  let fixture: HarnessFixture | undefined;
  beforeAll(async () => {
    const services = await startTestServices({ label, mongo: sharedMongo(), redis: options.redis ?? false });
    try {
      const app = await buildTestApp({ db: services.db });
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
