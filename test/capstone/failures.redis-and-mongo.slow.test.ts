/**
 * Failure behaviour, in one process: Redis gone (a loopback proxy this file owns is closed) and MongoDB blocked or
 * unreachable (an embedded engine of this file's own, behind its own proxy, with a `failCommand` fail point).
 * Nothing shared is stopped.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PRODUCTS, DEMO_USER } from '../../capstone/api/demo-data.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../platform/mongo/engine/index.js';
import { startTcpProxy, type TcpProxy } from '../chapters/03-security/support/tcp-proxy.js';
import { slowDeadline, slowTimeout } from '../support/slow-tests.js';
import { startEmbedded, type RunningCapstone } from './support/capstone-harness.js';
import { call, type Answer } from './support/http.js';

const [MUG, HOODIE] = DEMO_PRODUCTS;
const PROBLEM = /^application\/problem\+json/;
/** Every call in this file gives up after this long: a hang fails the test instead of stalling the run. */
const HANG = slowDeadline(5_000);
/** Each test's own timeout: a few calls to a running service, and a wait for the worker. */
const EACH = { timeout: slowTimeout(15_000) };

const bounded = (
  base: string,
  method: string,
  path: string,
  options: Parameters<typeof call>[3] = {},
): Promise<Answer> => call(base, method, path, { ...options, signal: AbortSignal.timeout(HANG) });

const REDIS_TITLE =
  'Redis down: the api keeps answering and says it is degraded (real Redis behind a proxy this file closes)';
describe.runIf(process.env.REDIS_URL)(
  process.env.REDIS_URL ? REDIS_TITLE : `${REDIS_TITLE} (skipped: REDIS_URL is unset)`,
  EACH,
  () => {
    let proxy: TcpProxy;
    let service: RunningCapstone;
    let token: string;

    beforeAll(async () => {
      const real = new URL(process.env.REDIS_URL as string);
      proxy = await startTcpProxy(Number(real.port || 6379), real.hostname);
      const proxied = new URL(real);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      service = await startEmbedded('redis-down', {}, { redisUrl: proxied.toString() });
      const login = await bounded(service.url, 'POST', '/api/auth/login', {
        body: { email: DEMO_USER.email, password: DEMO_USER.password },
      });
      token = String(login.body.accessToken);
      expect((await bounded(service.url, 'GET', '/health/ready')).body.status).toBe('ready');
      await proxy.close(); // Redis is gone for this service only
    }, slowTimeout(20_000));
    afterAll(async () => {
      await service?.stop();
      await proxy?.close();
    }, slowTimeout(20_000));

    it('reports readiness 200 with status degraded, naming redis', async () => {
      const ready = await bounded(service.url, 'GET', '/health/ready');
      expect(ready.status, ready.text).toBe(200);
      expect(ready.body).toMatchObject({ status: 'degraded', failing: [], degraded: ['redis'] });
    });

    it('serves the catalogue from MongoDB when the cache cannot be reached', async () => {
      const page = await bounded(service.url, 'GET', '/api/products?limit=7');
      expect(page.status, page.text).toBe(200);
      expect((page.body.items as unknown[]).length).toBeGreaterThan(0);
      expect((await bounded(service.url, 'GET', `/api/products/${HOODIE.id}`)).body).toMatchObject({ id: HOODIE.id });
    });

    it('still signs in and limits rates with the per-process fallback (RateLimit headers present)', async () => {
      const login = await bounded(service.url, 'POST', '/api/auth/login', {
        body: { email: DEMO_USER.email, password: DEMO_USER.password },
      });
      expect(login.status, login.text).toBe(200);
      expect(login.headers.get('ratelimit')).toMatch(/^"auth";r=\d+;t=\d+$/);
    });

    it('still takes and confirms an order (cache invalidation falls back, it does not fail the order)', async () => {
      const placed = await bounded(service.url, 'POST', '/api/orders', {
        body: { items: [{ productId: MUG.id, quantity: 1 }] },
        token,
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(placed.status, placed.text).toBe(202);
      await vi.waitFor(
        async () =>
          expect(
            (await bounded(service.url, 'GET', `/api/orders/${String(placed.body.id)}`, { token })).body.status,
          ).toBe('confirmed'),
        { timeout: slowDeadline(10_000), interval: 100 },
      );
    });
  },
);

describe(
  'MongoDB blocked or unreachable: 503 problem+json within MONGODB_TIMEOUT_MS, not a hang (own embedded engine behind a proxy)',
  EACH,
  () => {
    const APP = `capstone-under-test-${randomUUID().slice(0, 8)}`;
    let engine: EmbeddedMongo;
    let proxy: TcpProxy;
    let admin: MongoClient;
    let service: RunningCapstone;

    beforeAll(async () => {
      engine = await startEmbeddedMongo();
      proxy = await startTcpProxy(engine.port);
      admin = await MongoClient.connect(engine.uri, { serverSelectionTimeoutMS: 5_000 });
      service = await startEmbedded(
        'mongo-down',
        { MONGODB_TIMEOUT_MS: '1000' },
        { mongoUri: `mongodb://127.0.0.1:${proxy.port}/?appName=${APP}` },
      );
    }, slowTimeout(20_000));
    afterAll(async () => {
      await service?.stop();
      await admin?.close();
      await proxy?.close();
      await engine?.close();
    }, slowTimeout(20_000));

    const expect503 = (answer: Answer): void => {
      expect(answer.status, answer.text).toBe(503);
      expect(answer.headers.get('content-type')).toMatch(PROBLEM);
      expect(answer.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(answer.headers.get('retry-after')).toBe('1');
    };

    it('answers 503 when every find stalls for 15 s (fail point), then serves again once it is lifted', async () => {
      await admin.db('admin').command({
        configureFailPoint: 'failCommand',
        mode: 'alwaysOn',
        data: { failCommands: ['find'], blockConnection: true, blockTimeMS: 15_000, appName: APP },
      });
      try {
        expect503(await bounded(service.url, 'GET', `/api/products/${randomUUID()}`));
      } finally {
        await admin.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
      }
      await vi.waitFor(
        async () => expect((await bounded(service.url, 'GET', `/api/products/${MUG.id}`)).status).toBe(200),
        { timeout: slowDeadline(5_000), interval: 100 },
      );
    });

    it('absorbs one "shutting down" error (the driver retries the read once), and answers 503 when it persists', async () => {
      const failFinds = (mode: unknown): Promise<unknown> =>
        admin.db('admin').command({
          configureFailPoint: 'failCommand',
          mode,
          data: { failCommands: ['find'], errorCode: 91, appName: APP },
        });
      await failFinds({ times: 1 });
      expect((await bounded(service.url, 'GET', `/api/products/${randomUUID()}`)).status).toBe(404);
      await failFinds('alwaysOn');
      try {
        expect503(await bounded(service.url, 'GET', `/api/products/${randomUUID()}`));
      } finally {
        await admin.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
      }
    });

    it('answers 503 when the database cannot be reached at all, and readiness names mongo', async () => {
      await proxy.close();
      expect503(await bounded(service.url, 'GET', `/api/products/${randomUUID()}`));
      const ready = await bounded(service.url, 'GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.failing).toEqual(['mongo']);
    });
  },
);
