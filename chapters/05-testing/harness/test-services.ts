import { MongoClient, type Db } from 'mongodb';
import { describeHosts, resolveMongo, type MongoHandle } from '../../../platform/mongo/provider.js';
import { connectRedis, type RedisHandle } from '../../../platform/redis/redis-provider.js';
import { containersRequested, startServiceContainers, type StartedServiceContainers } from './containers.js';
import { testDatabaseName } from './isolation.js';

/** What the harness needs of an event bus: what serves it, and a way to close it. Chapter 6's buses have both. */
export interface HarnessBus {
  readonly implementation: string;
  close(): Promise<void>;
}

export interface TestServicesOptions<Bus extends HarnessBus = HarnessBus> {
  /** Names the suite in the log line and in its database name. */
  readonly label: string;
  /**
   * A MongoDB already chosen for this run (in vitest: `sharedMongo()` from test/support/mongo.ts, decided once per
   * run). Without it the provider chain runs here: MONGODB_URI, else mongodb-memory-server, else the embedded engine.
   */
  readonly mongo?: { readonly uri: string; readonly provider: string };
  /** Connect Redis: REDIS_URL, else ioredis-mock. */
  readonly redis?: boolean;
  /**
   * Connects an event bus, to a container's broker when containers run, else to `url` (AMQP_URL, possibly unset). The
   * harness does not build buses (Chapter 6 does): pass one in, e.g.
   * `({ url, connectionName }) => connectEventBus({ url, connectionName })`.
   */
  readonly connectBus?: (target: { url: string | undefined; connectionName: string }) => Promise<Bus>;
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the line naming every provider (default: console.log). */
  readonly log?: (line: string) => void;
}

/** The services one test file uses, and which provider served each. */
export interface TestServices<Bus extends HarnessBus = HarnessBus> {
  /** This file's own database: no other file writes to it. */
  readonly db: Db;
  readonly mongoClient: MongoClient;
  readonly redis?: RedisHandle;
  readonly bus?: Bus;
  readonly providers: { readonly mongo: string; readonly redis?: string; readonly amqp?: string };
  /** Drops this file's database and closes every client, container and provider started here. */
  close(): Promise<void>;
}

// #region services
/**
 * Connects a test file to real services through the `platform/` providers, or to containers when
 * `WORKBOOK_CONTAINERS=1`, and prints one line naming each provider, so a green run says what it ran against.
 *
 * @example
 * const services = await startTestServices({ label: 'registration', mongo: sharedMongo(), redis: true });
 * // ... services.db, services.redis ...
 * await services.close();
 */
export async function startTestServices<Bus extends HarnessBus = HarnessBus>(
  options: TestServicesOptions<Bus>,
): Promise<TestServices<Bus>> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const quiet = (): void => {};
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    // Reverse order: clients before the servers they talk to.
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    let containers: StartedServiceContainers | undefined;
    if (containersRequested(env)) {
      containers = await startServiceContainers({
        mongo: true,
        redis: options.redis ?? false,
        amqp: options.connectBus !== undefined,
        log,
      });
      closers.push(() => containers!.stop());
    }

    let mongo: { uri: string; provider: string };
    if (containers?.mongoUri) mongo = { uri: containers.mongoUri, provider: 'container' };
    else if (options.mongo) mongo = options.mongo;
    else {
      const handle: MongoHandle = await resolveMongo({ env, log: quiet });
      closers.push(() => handle.stop());
      mongo = { uri: handle.uri, provider: handle.provider };
    }
    const mongoClient = await MongoClient.connect(mongo.uri, { serverSelectionTimeoutMS: 5_000 });
    const db = mongoClient.db(testDatabaseName(options.label));
    closers.push(async () => {
      await db.dropDatabase();
      await mongoClient.close();
    });

    let redis: RedisHandle | undefined;
    if (options.redis) {
      redis = await connectRedis({ url: containers?.redisUrl ?? env.REDIS_URL, log: quiet });
      closers.push(() => redis!.close());
    }
    let bus: Bus | undefined;
    if (options.connectBus) {
      bus = await options.connectBus({ url: containers?.amqpUrl ?? env.AMQP_URL, connectionName: options.label });
      closers.push(() => bus!.close());
    }

    const providers = {
      mongo: `${mongo.provider} (${describeHosts(mongo.uri)}, database ${db.databaseName})`,
      ...(redis ? { redis: containers?.redisUrl ? 'container' : redis.provider } : {}),
      ...(bus ? { amqp: containers?.amqpUrl ? 'container' : bus.implementation } : {}),
    };
    log(
      `[harness] ${options.label}: ${Object.entries(providers)
        .map(([service, provider]) => `${service}=${provider}`)
        .join(', ')}`,
    );
    return { db, mongoClient, ...(redis ? { redis } : {}), ...(bus ? { bus } : {}), providers, close };
  } catch (error) {
    await close();
    throw error;
  }
}
// #endregion services
