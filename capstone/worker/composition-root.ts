/**
 * The worker service's composition root: consumes `order.placed` (fulfilment) and the outcome events
 * (notifications), each through Chapter 6's idempotent consumer, on the bus the providers name.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { MongoClient } from 'mongodb';
import { notFound, problemDetails } from '../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import type { CachePort } from '../../chapters/04-performance/cache-port.js';
import { cacheRedisOptions, createTwoLevelCache } from '../../chapters/04-performance/two-level-cache.js';
import { fixedDelayRetry } from '../../chapters/06-microservices/delivery-policy.js';
import type { MessageHandler } from '../../chapters/06-microservices/messaging.port.js';
import type { ShutdownResult } from '../../chapters/08-production/graceful-shutdown.js';
import { Health, healthRoutes } from '../../chapters/08-production/health.js';
import {
  createLogger,
  extractTraceContext,
  runWithTraceContext,
  type Logger,
} from '../../chapters/08-production/logging.js';
import { createMetrics, type Metrics } from '../../chapters/08-production/metrics.js';
import type { RedisHandle } from '../../platform/redis/redis-provider.js';
import { PRODUCT_LISTS_TAG, productTag } from '../catalog/product-catalog.js';
import { PRODUCTS_COLLECTION, type ProductDocument } from '../catalog/mongo-product.repository.js';
import type { CapstoneConfig } from '../config.js';
import { openOrders } from '../orders/mongo-order.store.js';
import { ORDER_PLACED } from '../orders/place-order.use-case.js';
import { dependencyChecks } from '../runtime/dependency-checks.js';
import { mongoClientOptions } from '../runtime/mongo-options.js';
import { describeProviders, openBus, openRedis, openRegistry, type ProviderSettings } from '../runtime/providers.js';
import { openPublisherRelay } from '../runtime/publisher-relay.js';
import { ServiceLifecycle, type ServiceControl } from '../runtime/service-lifecycle.js';
import { createFulfilOrderHandler, ORDER_CONFIRMED, ORDER_REJECTED, WORKER_PUBLISHER } from './fulfil-order.handler.js';
import { createInvoiceBuilder, type InvoiceBuilder } from '../orders/invoice-builder.js';
import { OrderClaims } from './order-claim.js';
import { ReservationSettler } from './reservation-settler.js';
import { CoalescedInvalidation } from './coalesced-invalidation.js';
import { createNotificationHandler, openNotifications } from './notification.handler.js';

export const FULFILMENT_GROUP = 'order-fulfilment';
export const NOTIFICATION_GROUP = 'order-notifications';

/** Ports a caller may replace (`--mine 04` swaps in the learner's worker pool, issue 19). */
export interface WorkerPortOverrides {
  readonly invoices?: () => Promise<InvoiceBuilder>;
  readonly cache?: (redis: RedisHandle) => Promise<CachePort>;
}

export interface WorkerRootOptions {
  readonly config: CapstoneConfig;
  readonly providers: ProviderSettings;
  readonly logger?: Logger;
  readonly providerLog?: (line: string) => void;
  /** Serve `/health/*` and `/metrics` on this port (0: any free port). Omitted: no HTTP server (one-process mode). */
  readonly httpPort?: number;
  /** A registry shared with an api in the same process (its owner closes it). Default: one of the worker's own. */
  readonly metrics?: Metrics;
  readonly ports?: WorkerPortOverrides;
  /** Delay between retries of a failed message (default 500 ms). */
  readonly retryDelayMs?: number;
  /** Tax rate for invoices, basis points (default 2000: 20 %). */
  readonly taxRateBasisPoints?: number;
}

export interface StartedWorker {
  /** The health and metrics server, when `httpPort` was given. */
  readonly url: string | undefined;
  readonly providers: Record<string, string>;
  readonly invoiceBuilder: string;
}

// #region worker-root
/**
 * Builds the worker. `stop()` first cancels the subscriptions (each waits for the message in hand to finish and be
 * acknowledged), then closes the invoice builder, the bus, the cache, Redis and MongoDB.
 *
 * @example
 * const worker = createWorkerRoot({ config, providers });
 * await worker.start();
 */
export function createWorkerRoot(options: WorkerRootOptions): ServiceControl<StartedWorker> {
  const { config, providers } = options;
  const log = options.logger ?? createLogger({ service: 'orders-worker', level: config.LOG_LEVEL });
  const providerLog = options.providerLog ?? ((line: string) => log.info(line));
  let health: Health | undefined;
  const lifecycle = new ServiceLifecycle({
    drainTimeoutMs: config.SHUTDOWN_DRAIN_MS,
    log,
    onShutdownStart: () => health?.markShuttingDown(),
  });

  const start = (): Promise<StartedWorker> =>
    lifecycle.starting(async () => {
      const metrics =
        options.metrics ??
        (await lifecycle.open(
          'metrics',
          () => createMetrics({ defaultLabels: { service: 'orders-worker' } }),
          (m) => m.close(),
        ));
      const outcomes = metrics.counter({
        name: 'orders_processed_total',
        help: 'Orders the worker decided, by outcome',
        labelNames: ['outcome'],
      });
      const duplicates = metrics.counter({
        name: 'messages_duplicate_total',
        help: 'Redelivered messages that found their work already done',
        labelNames: ['group'],
      });
      const client = await lifecycle.open(
        'mongo',
        () => MongoClient.connect(providers.mongo.uri, mongoClientOptions(config)),
        (c) => c.close(),
      );
      const db = client.db(providers.mongo.dbName);
      const redis = await lifecycle.open(
        'redis',
        () => openRedis(providers.redis, cacheRedisOptions, providerLog),
        (r) => r.close(),
      );
      // The worker changes stock, so it invalidates the catalogue's cached lists; tags reach every api instance.
      const cache = await lifecycle.open(
        'cache',
        () =>
          options.ports?.cache?.(redis) ??
          createTwoLevelCache({
            redis,
            namespace: config.SERVICE_NAMESPACE,
            onError: (error, operation) => log.warn({ err: error, operation }, 'cache fell back'),
          }),
        (c) => c.close(),
      );
      const invoices = await lifecycle.open(
        'invoice builder',
        () => options.ports?.invoices?.() ?? createInvoiceBuilder(config.INVOICE_WORKER_THREADS),
        (b) => b.close(),
      );
      const bus = await lifecycle.open(
        'event bus',
        () =>
          openBus(providers.bus, { connectionName: 'orders-worker', exchange: config.SERVICE_NAMESPACE }, providerLog),
        (b) => b.close(),
      );

      const orders = await openOrders(db);
      const products = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
      const notifications = await openNotifications(db);
      const retry = fixedDelayRetry({ delayMs: options.retryDelayMs ?? 500, maxDeliveries: 5 });

      // Each message runs in the trace its publisher started, so the worker's log lines join the request's.
      const traced =
        (handler: MessageHandler): MessageHandler =>
        (message) =>
          runWithTraceContext(
            extractTraceContext({ traceparent: message.traceparent, 'x-request-id': message.correlationId }),
            () => handler(message),
          );

      // Reservation marks of decided orders go in batches; marks a crashed worker left before its flush go now.
      const settler = await lifecycle.open(
        'reservation settler',
        async () => {
          const opened = new ReservationSettler(products, {
            onError: (error) =>
              log.warn({ err: error }, 'removing reservation marks failed; the next start sweeps them'),
          });
          const swept = await opened.sweep(orders);
          if (swept > 0) log.info({ orders: swept }, 'removed reservation marks of decided orders');
          return opened;
        },
        (opened) => opened.close(),
      );
      // Every confirmed order changes the stock of the same few products: their tags go to Redis once per 10 ms.
      const stockChanged = new CoalescedInvalidation((tag) => cache.invalidateTag(tag), 10);
      const fulfil = createFulfilOrderHandler({
        orders,
        products,
        claims: new OrderClaims(orders, config.ORDER_CLAIM_TTL_MS),
        invoices,
        taxRateBasisPoints: options.taxRateBasisPoints ?? 2_000,
        onStockChanged: (ids) => stockChanged.invalidate([PRODUCT_LISTS_TAG, ...ids.map(productTag)]),
        onOutcome: (outcome) => {
          outcomes.inc({ outcome });
          log.info({ outcome }, 'order decided');
        },
        onClaimBusy: (orderId) => log.debug({ orderId }, 'another copy of order.placed holds the order; waiting'),
        onAlreadyDecided: () => duplicates.inc({ group: FULFILMENT_GROUP }),
        onEventWritten: () => relay.notify(),
        settle: (orderId, productIds) => settler.settle(orderId, productIds),
      });
      // #region worker-relay
      // The worker's own relay publishes the events the worker wrote (order.confirmed, order.rejected) straight to
      // their consumers: no hop through the api. One worker replica at a time holds the lease and publishes.
      const relay = await openPublisherRelay(lifecycle, {
        db,
        collection: orders,
        bus,
        publisher: WORKER_PUBLISHER,
        log,
      });
      // #endregion worker-relay
      // Both handlers are idempotent by their own writes (the order's status moves once; a notification's id is the
      // message id), so no processed-message store: it would cost two commands a message and decide nothing more.
      await lifecycle.open(
        'fulfilment subscription',
        // Up to 20 orders in hand at once: each spends most of its time waiting on MongoDB, and the claims keep two
        // copies of one order apart, so more in flight is more throughput, not more risk.
        () => bus.subscribe({ group: FULFILMENT_GROUP, topics: [ORDER_PLACED], prefetch: 20, retry }, traced(fulfil)),
        (subscription) => subscription.cancel(),
      );
      const notify = createNotificationHandler(
        notifications,
        (fields, line) => log.info(fields, line),
        () => duplicates.inc({ group: NOTIFICATION_GROUP }),
      );
      await lifecycle.open(
        'notification subscription',
        () =>
          bus.subscribe(
            { group: NOTIFICATION_GROUP, topics: [ORDER_CONFIRMED, ORDER_REJECTED], prefetch: 16, retry },
            traced(notify),
          ),
        (subscription) => subscription.cancel(),
      );

      health = new Health({ timeoutMs: 1_000, checks: dependencyChecks({ db, redis: redis.client, bus }) });
      let url: string | undefined;
      if (options.httpPort !== undefined) {
        const app = express();
        app.disable('x-powered-by');
        app.use(metrics.httpMetrics);
        app.use(helmet());
        app.use(healthRoutes(health));
        app.get('/metrics', metrics.metricsHandler);
        app.use(notFound());
        app.use(problemDetails({ onUnexpectedError: (error) => log.error({ err: error }, 'unexpected error') }));
        const server = createServer(app);
        lifecycle.shutdown.trackServer(server);
        server.listen(options.httpPort, config.HOST);
        await Promise.race([
          once(server, 'listening'),
          once(server, 'error').then(([error]) => Promise.reject(error as Error)),
        ]);
        const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
        const { port } = server.address() as AddressInfo;
        url = `http://${shownHost}:${port}`;
        // With a health endpoint, the worker is discoverable too (for dashboards and probes, not for traffic).
        const discovery = await lifecycle.open(
          'service registry',
          () => openRegistry(providers.registry, config.SERVICE_NAMESPACE, providerLog),
          (r) => r?.close(),
        );
        if (discovery)
          await lifecycle.open(
            'registration',
            () =>
              discovery.registry.register({
                service: 'orders-worker',
                address: shownHost,
                port,
                healthPath: '/health/ready',
              }),
            (r) => r.deregister(),
          );
      }
      log.info({ url, invoices: invoices.kind }, 'worker consuming');
      return { url, providers: describeProviders(providers), invoiceBuilder: invoices.kind };
    });

  return { start, stop: (): Promise<ShutdownResult> => lifecycle.stop() };
}
// #endregion worker-root
