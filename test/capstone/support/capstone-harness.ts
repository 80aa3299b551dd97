/**
 * Starts the composed orders service for end-to-end tests, in the two modes CI runs:
 * - embedded: api and worker in this process on stand-ins chosen explicitly (ioredis-mock, an in-memory broker),
 *   whatever REDIS_URL and AMQP_URL say; MongoDB is the run's shared one, with a database of its own;
 * - separate processes: `workbook/start.ts --api-only` and `--worker-only` as child processes on real Redis and
 *   RabbitMQ (a private vhost when rabbitmqctl can make one, else a unique exchange), as in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import { createApiRoot, type ApiPortOverrides } from '../../../capstone/api/composition-root.js';
import { loadConfig, type CapstoneConfig } from '../../../capstone/config.js';
import { InMemoryRegistry } from '../../../chapters/06-microservices/discovery/in-memory-registry.js';
import type { ProviderSettings } from '../../../capstone/runtime/providers.js';
import type { StartedMessage } from '../../../capstone/runtime/launch.js';
import { createWorkerRoot, type WorkerPortOverrides } from '../../../capstone/worker/composition-root.js';
import { createLogger } from '../../../chapters/08-production/logging.js';
import { createMetrics } from '../../../chapters/08-production/metrics.js';
import { InMemoryBroker } from '../../../chapters/06-microservices/in-memory-event-bus.js';
import { seedDemoData } from '../../../capstone/api/demo-data.js';
import { busStandIn, redisStandIn, registryStandIn } from '../../../workbook/start.js';
import { connectRegistry } from '../../../chapters/06-microservices/discovery/registry-provider.js';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';
import {
  createPrivateVhost,
  rabbitmqctlMissing,
  type PrivateVhost,
} from '../../chapters/06-microservices/rabbitmq-admin.js';

/** `npm start`'s entry (workbook/start.ts): the capstone's launch code with stand-ins, demo data and `--mine`. */
export const MAIN = fileURLToPath(new URL('../../../workbook/start.ts', import.meta.url));

/** One running service as a test sees it: its URL, its database for assertions, and a way to add an api. */
export interface RunningCapstone {
  readonly url: string;
  readonly mode: string;
  readonly db: Db;
  /** Instances of a service as the registry lists them; undefined when the test cannot see the services' registry. */
  lookup(service: string): Promise<readonly { address: string; port: number }[] | undefined>;
  /** Starts one more api instance on the same MongoDB, Redis and broker (cache invalidation must reach it). */
  startAnotherApi(): Promise<{ url: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** Settings that keep tests fast and quiet: cheap scrypt, no request logs, limits out of the way. */
export function testEnv(label: string): Record<string, string> {
  const suffix = randomBytes(4).toString('hex');
  return {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SCRYPT_LOG2_COST: '10',
    SEED_DEMO_DATA: 'true',
    SHUTDOWN_DRAIN_MS: '3000',
    MONGODB_DB: uniqueDbName(label),
    SERVICE_NAMESPACE: `capstone-${label}-${suffix}`,
    AUTH_JWT_SECRET: randomBytes(48).toString('base64'),
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_API_PER_MINUTE: '1000000',
  };
}

async function openDb(uri: string, dbName: string): Promise<{ client: MongoClient; db: Db }> {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 });
  return { client, db: client.db(dbName) };
}

/** Where an in-process service finds MongoDB and Redis when a test points it elsewhere (a proxy, its own engine). */
export interface EmbeddedTargets {
  /** Default: the run's shared MongoDB. */
  readonly mongoUri?: string;
  /** Default: ioredis-mock. A URL (a proxy in front of the real Redis) means real Redis. */
  readonly redisUrl?: string;
  /** The learner's (or the solutions') ports (`--mine`). */
  readonly apiPorts?: ApiPortOverrides;
  readonly workerPorts?: WorkerPortOverrides;
}

// #region embedded
/** Api and worker in this process, on stand-ins forced here (REDIS_URL and AMQP_URL are ignored). */
export async function startEmbedded(
  label: string,
  overrides: Record<string, string> = {},
  targets: EmbeddedTargets = {},
): Promise<RunningCapstone> {
  const config: CapstoneConfig = loadConfig({
    ...testEnv(label),
    ...overrides,
    REDIS_URL: '',
    AMQP_URL: '',
    MONGODB_URI: '',
  });
  const shared = sharedMongo();
  const mongo = {
    uri: targets.mongoUri ?? shared.uri,
    provider: targets.mongoUri ? ('uri' as const) : shared.provider,
  };
  const broker = new InMemoryBroker(config.SERVICE_NAMESPACE);
  const registry = new InMemoryRegistry();
  const providers: ProviderSettings = {
    mongo: { uri: mongo.uri, provider: mongo.provider, dbName: config.MONGODB_DB },
    redis: targets.redisUrl ? { kind: 'redis', url: targets.redisUrl } : redisStandIn(),
    bus: busStandIn(broker),
    registry: registryStandIn(registry),
  };
  const logger = createLogger({ level: 'silent' });
  const quiet = { logger, providerLog: (): void => undefined };
  const metrics = createMetrics({ defaultMetrics: false });
  const worker = createWorkerRoot({
    config,
    providers,
    metrics,
    retryDelayMs: 50,
    ...quiet,
    ...(targets.workerPorts ? { ports: targets.workerPorts } : {}),
  });
  await worker.start();
  const seed = config.SEED_DEMO_DATA ? { seed: seedDemoData } : {};
  const api = createApiRoot({
    config,
    providers,
    metrics,
    ...quiet,
    ...seed,
    ...(targets.apiPorts ? { ports: targets.apiPorts } : {}),
  });
  const started = await api.start();
  const { client, db } = await openDb(mongo.uri, config.MONGODB_DB);
  const extra: { stop(): Promise<unknown> }[] = [];
  return {
    url: started.url,
    mode: 'embedded, one process',
    db,
    lookup: (service) => registry.lookup(service),
    async startAnotherApi() {
      // Same providers: ioredis-mock shares data and pub/sub between clients of one process, like one Redis.
      const another = createApiRoot({
        config: { ...config, SEED_DEMO_DATA: false },
        providers,
        ...quiet,
        ...(targets.apiPorts ? { ports: targets.apiPorts } : {}),
      });
      const { url } = await another.start();
      extra.push(another);
      return { url, stop: async () => void (await another.stop()) };
    },
    async stop() {
      for (const service of extra.splice(0)) await service.stop();
      await api.stop();
      await worker.stop();
      metrics.close();
      broker.close();
      await registry.close();
      // A MongoDB the test brought (its own engine) is the test's to discard; the shared one is cleaned here.
      if (!targets.mongoUri) await db.dropDatabase();
      await client.close();
    },
  };
}
// #endregion embedded

/** A `workbook/start.ts` (npm start) child process with one role; it reports its URL over the IPC channel once it serves. */
export class CapstoneChild {
  readonly child: ChildProcess;
  readonly started: Promise<StartedMessage>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output = '';

  constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
    this.started = new Promise((resolve, reject) => {
      this.child.on('message', (message: StartedMessage) => resolve(message));
      void this.exited.then(({ code }) =>
        reject(new Error(`${args.join(' ')} exited with ${code} before it started:\n${this.output}`)),
      );
    });
    this.started.catch(() => undefined);
  }

  /** SIGTERM, then the exit code (it must end by itself). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return (await this.exited).code;
  }
}

/** Why the real-services mode cannot run, or false. */
export function realServicesMissing(): string | false {
  if (!process.env.REDIS_URL || !process.env.AMQP_URL) return 'REDIS_URL and AMQP_URL are unset';
  return false;
}

// #region separate
/** Api and worker as separate child processes on real Redis and RabbitMQ and the run's MongoDB. */
export async function startSeparateProcesses(
  label: string,
  overrides: Record<string, string> = {},
): Promise<RunningCapstone> {
  const mongo = sharedMongo();
  const vhost: PrivateVhost | undefined =
    rabbitmqctlMissing() === false ? await createPrivateVhost(`capstone-${label}`) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...testEnv(label),
    ...overrides,
    MONGODB_URI: mongo.uri,
    REDIS_URL: process.env.REDIS_URL,
    AMQP_URL: vhost?.url ?? process.env.AMQP_URL,
  };
  const children: CapstoneChild[] = [];
  const { client, db } = await openDb(mongo.uri, env.MONGODB_DB as string);
  const stopAll = async (): Promise<void> => {
    const codes = [];
    for (const child of children.splice(0).reverse()) codes.push(await child.stop());
    await db.dropDatabase();
    await client.close();
    await vhost?.remove();
    if (codes.some((code) => code !== 0)) throw new Error(`a capstone process exited with ${codes.join(', ')}`);
  };
  try {
    const worker = new CapstoneChild(['--worker-only', '--port', '0'], { ...env, SEED_DEMO_DATA: 'false' });
    children.push(worker);
    await worker.started;
    const api = new CapstoneChild(['--api-only', '--port', '0'], env);
    children.push(api);
    const started = await api.started;
    return {
      url: started.url ?? '',
      mode: 'separate processes, real Redis and RabbitMQ',
      db,
      async lookup(service) {
        if (!process.env.ETCD_URL) return undefined; // each process has an in-memory registry of its own
        const handle = await connectRegistry({
          url: process.env.ETCD_URL,
          prefix: `${String(env.SERVICE_NAMESPACE)}/`,
          log: () => undefined,
        });
        try {
          return await handle.registry.lookup(service);
        } finally {
          await handle.close();
        }
      },
      async startAnotherApi() {
        const another = new CapstoneChild(['--api-only', '--port', '0'], { ...env, SEED_DEMO_DATA: 'false' });
        children.push(another);
        const { url } = await another.started;
        return { url: url ?? '', stop: async () => void (await another.stop()) };
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
// #endregion separate
