/**
 * The broker drops every connection during a stream of orders, and the worker is SIGKILLed mid-order. Real RabbitMQ,
 * in a vhost of this file's own (closing its connections disturbs no other file); api and worker as child processes.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_ADMIN, DEMO_USER } from '../../capstone/api/demo-data.js';
import { FULFILMENT_GROUP } from '../../capstone/worker/composition-root.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../platform/mongo/engine/index.js';
import {
  closeAllConnections,
  createPrivateVhost,
  rabbitmqctlMissing,
  type PrivateVhost,
} from '../chapters/06-microservices/rabbitmq-admin.js';
import { sharedMongo } from '../support/mongo.js';
import { slowDeadline, slowTimeout } from '../support/slow-tests.js';
import type { CapstoneChild } from './support/capstone-harness.js';
import { childEnv, counterValue, queueDepth, startChild } from './support/failure-kit.js';
import { call } from './support/http.js';

const missing = rabbitmqctlMissing();
const titled = (title: string): string => (missing === false ? title : `${title} (skipped: ${missing})`);

interface Fleet {
  readonly env: NodeJS.ProcessEnv;
  readonly db: Db;
  readonly apiUrl: string;
  readonly children: CapstoneChild[];
  readonly vhost: PrivateVhost;
  /** An admin token and a product with plenty of stock, made for this test. */
  readonly token: string;
  readonly productId: string;
  readonly stockAtStart: number;
  stop(): Promise<number[]>;
}

async function startFleet(label: string, mongoUri: string, workerMongoUri = mongoUri): Promise<Fleet> {
  const vhost = await createPrivateVhost(`capstone-${label}`);
  const env = childEnv(label, {
    mongoUri,
    amqpUrl: vhost.url,
    ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
  });
  const client = await MongoClient.connect(mongoUri, { serverSelectionTimeoutMS: 5_000 });
  const db = client.db(String(env.MONGODB_DB));
  const children: CapstoneChild[] = [];
  const worker = await startChild('worker', { ...env, MONGODB_URI: workerMongoUri, SEED_DEMO_DATA: 'false' });
  children.push(worker.child);
  const api = await startChild('api', env);
  children.push(api.child);
  const admin = await call(api.url, 'POST', '/api/auth/login', {
    body: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
  });
  const adminToken = String(admin.body.accessToken);
  const product = await call(api.url, 'POST', '/api/products', {
    body: { name: `Failure stock ${randomUUID()}`, priceCents: 500, stock: 100_000 },
    token: adminToken,
  });
  const user = await call(api.url, 'POST', '/api/auth/login', {
    body: { email: DEMO_USER.email, password: DEMO_USER.password },
  });
  return {
    env,
    db,
    apiUrl: api.url,
    children,
    vhost,
    token: String(user.body.accessToken),
    productId: String(product.body.id),
    stockAtStart: 100_000,
    async stop() {
      const codes: number[] = [];
      for (const child of children.splice(0).reverse()) codes.push((await child.stop()) ?? -1);
      await db.dropDatabase();
      await client.close();
      await vhost.remove();
      return codes;
    },
  };
}

describe.skipIf(missing !== false)(titled('the broker closes every connection during a stream of orders'), () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet('broker-drop', sharedMongo().uri);
  }, slowTimeout(20_000));
  afterAll(async () => {
    await fleet?.stop();
  }, slowTimeout(15_000));

  it(
    'loses no order and decides none twice',
    async () => {
      const total = 40;
      const ids: string[] = [];
      const place = async (): Promise<void> => {
        const answer = await call(fleet.apiUrl, 'POST', '/api/orders', {
          body: { items: [{ productId: fleet.productId, quantity: 1 }] },
          token: fleet.token,
          headers: { 'idempotency-key': randomUUID() },
        });
        expect(answer.status, answer.text).toBe(202);
        ids.push(String(answer.body.id));
      };
      for (let i = 0; i < total; i += 1) {
        if (i === total / 2) await closeAllConnections(fleet.vhost.name, 'test: the broker drops every connection');
        await place();
      }

      const orders = fleet.db.collection<{ _id: string; status: string }>('orders');
      await vi.waitFor(
        async () => expect(await orders.countDocuments({ _id: { $in: ids }, status: 'confirmed' })).toBe(total),
        { timeout: slowDeadline(15_000), interval: 250 },
      );

      const product = await call(fleet.apiUrl, 'GET', `/api/products/${fleet.productId}`);
      expect(product.body.stock).toBe(fleet.stockAtStart - total); // each order took its stock exactly once
      const workerMetrics = await fetch(`${(await fleet.children[0]?.started)?.url ?? ''}/metrics`).then((response) =>
        response.text(),
      );
      expect(counterValue(workerMetrics, 'orders_processed_total', { outcome: 'confirmed' })).toBe(total); // decided once each
      // One customer notification per order: the outcome event, too, went through exactly once.
      const notifications = fleet.db.collection('notifications');
      await vi.waitFor(async () => expect(await notifications.countDocuments({ orderId: { $in: ids } })).toBe(total), {
        timeout: slowDeadline(10_000),
        interval: 250,
      });
      expect(await notifications.distinct('orderId', { orderId: { $in: ids } })).toHaveLength(total);
    },
    slowTimeout(20_000),
  );
});

describe.skipIf(missing !== false)(titled('the worker is killed (SIGKILL) in the middle of an order'), () => {
  const WORKER_APP = `doomed-worker-${randomUUID().slice(0, 8)}`;
  let engine: EmbeddedMongo;
  let admin: MongoClient;
  let fleet: Fleet;
  beforeAll(async () => {
    // An engine of this file's own: its fail point stalls only the doomed worker's writes.
    engine = await startEmbeddedMongo();
    admin = await MongoClient.connect(engine.uri, { serverSelectionTimeoutMS: 5_000 });
    fleet = await startFleet('worker-kill', engine.uri, `${engine.uri}?appName=${WORKER_APP}`);
  }, slowTimeout(20_000));
  afterAll(async () => {
    await fleet?.stop();
    await admin?.close();
    await engine?.close();
  }, slowTimeout(15_000));

  it(
    'processes the order after the worker restarts, because the message was acknowledged only when done',
    async () => {
      await admin.db('admin').command({
        configureFailPoint: 'failCommand',
        mode: 'alwaysOn',
        data: {
          failCommands: ['update', 'findAndModify'],
          blockConnection: true,
          blockTimeMS: 120_000,
          appName: WORKER_APP,
        },
      });
      const placed = await call(fleet.apiUrl, 'POST', '/api/orders', {
        body: { items: [{ productId: fleet.productId, quantity: 3 }] },
        token: fleet.token,
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(placed.status, placed.text).toBe(202);
      const queue = `${String(fleet.env.SERVICE_NAMESPACE)}.${FULFILMENT_GROUP}`;
      // The worker holds the message, unacknowledged, stalled in its claim on the order: mid-order.
      await vi.waitFor(async () => expect((await queueDepth(fleet.vhost.name, queue)).unacked).toBe(1), {
        timeout: slowDeadline(10_000),
        interval: 250,
      });

      const doomed = fleet.children[0] as CapstoneChild;
      doomed.child.kill('SIGKILL');
      expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await admin.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
      expect(
        (await call(fleet.apiUrl, 'GET', `/api/orders/${String(placed.body.id)}`, { token: fleet.token })).body.status,
      ).toBe('pending');

      const restarted = await startChild('worker', { ...fleet.env, SEED_DEMO_DATA: 'false' });
      fleet.children[0] = restarted.child;
      await vi.waitFor(
        async () =>
          expect(
            (await call(fleet.apiUrl, 'GET', `/api/orders/${String(placed.body.id)}`, { token: fleet.token })).body
              .status,
          ).toBe('confirmed'),
        { timeout: slowDeadline(10_000), interval: 250 },
      );
      expect((await call(fleet.apiUrl, 'GET', `/api/products/${fleet.productId}`)).body.stock).toBe(
        fleet.stockAtStart - 3,
      );
      await vi.waitFor(
        async () => expect(await queueDepth(fleet.vhost.name, queue)).toEqual({ ready: 0, unacked: 0 }),
        { timeout: slowDeadline(5_000), interval: 250 },
      );
    },
    slowTimeout(20_000),
  );
});
