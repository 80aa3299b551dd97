/**
 * The api service's composition root: the one place that knows every adapter. It opens the providers in dependency
 * order, builds the chapter modules on them, and hands Chapter 8's graceful shutdown the list to close in reverse.
 */
import { once } from 'node:events';
import type { Request, Response } from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MongoClient } from 'mongodb';
import { ScryptPasswordHasher } from '../../chapters/02-architecture/adapters/crypto/scrypt-password-hasher.js';
import { InMemoryOutbox } from '../../chapters/02-architecture/adapters/outbox/in-memory-outbox.js';
import { MongoUserRepository } from '../../chapters/02-architecture/adapters/persistence/mongo-user.repository.js';
import type { Notifier } from '../../chapters/02-architecture/application/ports/notifier.port.js';
import {
  createRegisterUser,
  type RegisterUser,
} from '../../chapters/02-architecture/application/register-user.use-case.js';
import { createAuthConfig } from '../../chapters/03-security/auth/auth-config.js';
import { createAuthService } from '../../chapters/03-security/auth/auth.service.js';
import { MongoRefreshTokenStore } from '../../chapters/03-security/auth/mongo-refresh-token.store.js';
import { createTokenService } from '../../chapters/03-security/auth/token-service.js';
import { createRateLimiter } from '../../chapters/03-security/rate-limit/create-rate-limiter.js';
import { InMemorySlidingWindowLimiter } from '../../chapters/03-security/rate-limit/in-memory-sliding-window.limiter.js';
import { identityKey, rateLimit } from '../../chapters/03-security/rate-limit/rate-limit.middleware.js';
import type { RateLimitPolicy, RateLimiter } from '../../chapters/03-security/rate-limit/rate-limiter.port.js';
import { RATE_LIMIT_REDIS_OPTIONS } from '../../chapters/03-security/rate-limit/redis-script.js';
import type { Redis } from 'ioredis';
import type { CachePort } from '../../chapters/04-performance/cache-port.js';
import { MemoryMonitor } from '../../chapters/04-performance/memory-monitor.js';
import { cacheRedisOptions, createTwoLevelCache } from '../../chapters/04-performance/two-level-cache.js';
import type { ShutdownResult } from '../../chapters/08-production/graceful-shutdown.js';
import { Health } from '../../chapters/08-production/health.js';
import { createLogger, type Logger } from '../../chapters/08-production/logging.js';
import { createMetrics, type Metrics } from '../../chapters/08-production/metrics.js';
import type { RedisHandle } from '../../platform/redis/redis-provider.js';
import { createProductCatalog } from '../catalog/product-catalog.js';
import { MongoProductRepository } from '../catalog/mongo-product.repository.js';
import type { CapstoneConfig } from '../config.js';
import { MongoOrderRepository } from '../orders/mongo-order.repository.js';
import { openOrders } from '../orders/mongo-order.store.js';
import { API_PUBLISHER, createPlaceOrder } from '../orders/place-order.use-case.js';
import { describeProviders, openBus, openRedis, openRegistry, type ProviderSettings } from '../runtime/providers.js';
import { watchDatabase } from '../runtime/database-metrics.js';
import { dependencyChecks } from '../runtime/dependency-checks.js';
import { mongoClientOptions } from '../runtime/mongo-options.js';
import { openPublisherRelay } from '../runtime/publisher-relay.js';
import { ServiceLifecycle, type ServiceControl } from '../runtime/service-lifecycle.js';
import { MongoUserRoles } from '../users/mongo-user-roles.js';
import { createHttpApp } from './http-app.js';
import { buildOpenApiDocument } from './openapi.js';

/** Ports a caller may replace (`--mine` swaps in the learner's implementations here, issue 19). */
export interface ApiPortOverrides {
  readonly cache?: (redis: RedisHandle) => Promise<CachePort>;
  /** A limiter for one policy (exercise 03.4's token bucket implements the port). */
  readonly rateLimiter?: (policy: RateLimitPolicy, client: Redis) => RateLimiter;
}

export interface ApiRootOptions {
  readonly config: CapstoneConfig;
  /** Which services to use. Required: `providersFromEnv` gives what the environment says. */
  readonly providers: ProviderSettings;
  /** Default: a pino logger on stdout at `config.LOG_LEVEL`. */
  readonly logger?: Logger;
  /** A registry shared with a worker in the same process (its owner closes it). Default: one of the api's own. */
  readonly metrics?: Metrics;
  readonly ports?: ApiPortOverrides;
  /** Lines naming each provider as it connects (default: the logger at info). */
  readonly providerLog?: (line: string) => void;
  /** Id announced to the service registry (default: Chapter 6's stable id from service, address and port). */
  readonly instanceId?: string;
  /** Runs once the stores exist, before the server listens: `npm start` seeds its demo data here; production has none. */
  readonly seed?: (stores: SeedStores) => Promise<void>;
}

/** What a seed may write through: the same use case and repositories the routes use. */
export interface SeedStores {
  readonly registerUser: RegisterUser;
  readonly users: MongoUserRepository;
  readonly roles: MongoUserRoles;
  readonly products: MongoProductRepository;
}

export interface StartedApi {
  readonly url: string;
  readonly port: number;
  readonly providers: Record<string, string>;
}

/** Welcome mails as log lines: the capstone has no mail server; a real adapter implements the same port. */
function logNotifier(log: Logger): Notifier {
  return {
    async sendWelcome(message) {
      log.info({ userId: message.userId }, 'welcome mail sent');
    },
  };
}

// #region api-root
/**
 * Builds the api service. Nothing opens until `start()`; `stop()` drains HTTP, then closes the registry entry, the
 * memory monitor, the outbox relay, the bus, the cache, Redis and MongoDB, in that order.
 *
 * @example
 * const api = createApiRoot({ config: loadConfig(), providers });
 * const { url } = await api.start();
 * await api.stop();
 */
export function createApiRoot(options: ApiRootOptions): ServiceControl<StartedApi> {
  const { config, providers } = options;
  const log = options.logger ?? createLogger({ service: 'orders-api', level: config.LOG_LEVEL });
  const providerLog = options.providerLog ?? ((line: string) => log.info(line));
  let health: Health | undefined;
  const lifecycle = new ServiceLifecycle({
    drainTimeoutMs: config.SHUTDOWN_DRAIN_MS,
    log,
    onShutdownStart: () => health?.markShuttingDown(),
  });

  const start = (): Promise<StartedApi> =>
    lifecycle.starting(async () => {
      const metrics =
        options.metrics ??
        (await lifecycle.open(
          'metrics',
          () => createMetrics({ defaultLabels: { service: 'orders-api' } }),
          (m) => m.close(),
        ));
      // Chapter 7's pool monitor attaches before the first connection, so the gauges count every one of them.
      const client = new MongoClient(providers.mongo.uri, mongoClientOptions(config, { monitorCommands: true }));
      const watch = watchDatabase(client, metrics.registry);
      await lifecycle.open(
        'mongo',
        () => client.connect(),
        (c) => c.close(),
      );
      // On shutdown, one line with the query shapes that cost the most time this run.
      lifecycle.shutdown.register('database watch', () => {
        const costliest = watch
          .close()
          .slice(0, 5)
          .map((shape) => ({
            shape: shape.key,
            count: shape.count,
            totalMs: Math.round(shape.totalMs),
            p99Ms: shape.p99Ms,
          }));
        log.info({ costliest }, 'query shapes that cost the most time');
      });
      const db = client.db(providers.mongo.dbName);
      const redis = await lifecycle.open(
        'redis',
        () => openRedis(providers.redis, cacheRedisOptions, providerLog),
        (r) => r.close(),
      );
      const cache = await lifecycle.open(
        'cache',
        () =>
          options.ports?.cache?.(redis) ??
          createTwoLevelCache({
            redis,
            namespace: config.SERVICE_NAMESPACE,
            onError: (error, operation) => log.warn({ err: error, operation }, 'cache fell back to the loader'),
          }),
        (c) => c.close(),
      );
      // The limiters get a connection of their own: short timeout, no offline queue, so a dead Redis costs one timeout.
      const limiterRedis = await lifecycle.open(
        'rate-limit redis',
        () => openRedis(providers.redis, RATE_LIMIT_REDIS_OPTIONS, () => undefined),
        (r) => r.close(),
      );
      // On the stand-in, Chapter 3's in-process limiter: ioredis-mock runs the Lua scripts in an emulator (about 4 ms
      // of CPU a call, measured by bench/capstone.bench.ts) and shares nothing across processes anyway.
      const limiter = (policy: RateLimitPolicy, algorithm: 'sliding-window' | 'gcra'): RateLimiter =>
        options.ports?.rateLimiter?.(policy, limiterRedis.client) ??
        (limiterRedis.provider === 'ioredis-mock'
          ? new InMemorySlidingWindowLimiter(policy)
          : createRateLimiter({
              client: limiterRedis.client,
              policy,
              algorithm,
              onStoreFailure: 'local',
              log: (line) => log.warn(line),
            }));
      // Strict on sign-in and refresh (an exact sliding window); generous on the rest (GCRA: constant memory per key).
      const authLimiter = limiter(
        { name: 'auth', limit: config.RATE_LIMIT_AUTH_PER_MINUTE, windowMs: 60_000 },
        'sliding-window',
      );
      const limitKey = (req: Request, res: Response): string => `${config.SERVICE_NAMESPACE}:${identityKey(req, res)}`;
      const apiLimiter = limiter({ name: 'api', limit: config.RATE_LIMIT_API_PER_MINUTE, windowMs: 60_000 }, 'gcra');
      const bus = await lifecycle.open(
        'event bus',
        () => openBus(providers.bus, { connectionName: 'orders-api', exchange: config.SERVICE_NAMESPACE }, providerLog),
        (b) => b.close(),
      );

      const users = await MongoUserRepository.create(db);
      const roles = await MongoUserRoles.create(db);
      const products = await MongoProductRepository.create(db);
      const orders = await openOrders(db);
      const authConfig = createAuthConfig({ secret: config.AUTH_JWT_SECRET });
      const refreshTokens = await MongoRefreshTokenStore.create(db, {
        refreshTtlSeconds: authConfig.refreshTtlSeconds,
      });
      const tokens = createTokenService(authConfig);
      const hasher = new ScryptPasswordHasher({ cost: 2 ** config.SCRYPT_LOG2_COST, blockSize: 8, parallelization: 1 });
      const registerUser = createRegisterUser({
        users,
        hasher,
        notifier: logNotifier(log),
        outbox: new InMemoryOutbox(),
      });
      const auth = createAuthService({ users, roles, hasher, tokens, refreshTokens });
      const catalog = createProductCatalog({ products, cache, settings: { ttlSeconds: 60 } });
      const orderRepository = new MongoOrderRepository(orders);
      const placeOrder = createPlaceOrder({ orders: orderRepository, products, onEventWritten: () => relay.notify() });
      const ordersPlaced = metrics.counter({
        name: 'orders_placed_total',
        help: 'Orders accepted (retries answered from the first order are not counted)',
      });

      if (options.seed) await options.seed({ registerUser, users, roles, products });

      // The api's relay publishes the events the api wrote (order.placed), woken by each placed order; the worker's
      // relay publishes the worker's. The lease lets one api replica at a time publish, the others stand by.
      const relay = await openPublisherRelay(lifecycle, { db, collection: orders, bus, publisher: API_PUBLISHER, log });
      await lifecycle.open(
        'memory monitor',
        () => {
          const monitor = new MemoryMonitor({
            onAlert: (alert) => log.warn({ alert: alert.kind }, 'memory alert'),
            onError: (error) => log.error({ err: error }, 'memory monitor failed'),
          });
          monitor.start();
          return monitor;
        },
        (monitor) => monitor.stop(),
      );

      health = new Health({ timeoutMs: 1_000, checks: dependencyChecks({ db, redis: redis.client, bus }) });
      const app = createHttpApp({
        registerUser,
        users,
        roles,
        auth,
        tokens,
        trustProxy: config.TRUST_PROXY,
        bodyLimit: '16kb',
        credentialsLimiter: rateLimit({ limiter: authLimiter, keyOf: limitKey }),
        generalLimiter: rateLimit({ limiter: apiLimiter, keyOf: limitKey }),
        catalog,
        orders: { placeOrder, orders: orderRepository, onPlaced: () => ordersPlaced.inc() },
        health,
        metrics,
        logger: log,
        openApi: buildOpenApiDocument(),
      });
      const server = createServer(app);
      server.keepAliveTimeout = 5_000;
      lifecycle.shutdown.trackServer(server);
      server.listen(config.PORT, config.HOST);
      await Promise.race([
        once(server, 'listening'),
        once(server, 'error').then(([error]) => Promise.reject(error as Error)),
      ]);
      const { port } = server.address() as AddressInfo;
      const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
      const url = `http://${shownHost}:${port}`;

      // Announced last, withdrawn first: callers stop picking this instance before anything it needs is closed.
      const discovery = await lifecycle.open(
        'service registry',
        () => openRegistry(providers.registry, config.SERVICE_NAMESPACE, providerLog),
        (r) => r?.close(),
      );
      if (discovery) {
        await lifecycle.open(
          'registration',
          () =>
            discovery.registry.register({
              service: 'orders-api',
              ...(options.instanceId ? { id: options.instanceId } : {}),
              address: shownHost,
              port,
              healthPath: '/health/ready',
            }),
          (registration) => registration.deregister(),
        );
      }
      log.info({ url }, 'api listening');
      return { url, port, providers: describeProviders(providers) };
    });

  return {
    start,
    stop: (): Promise<ShutdownResult> => lifecycle.stop(),
    markNotReady: () => health?.markShuttingDown(),
  };
}
// #endregion api-root
