/**
 * `npm start`: the orders service for development and the workbook. It runs the capstone's own launch code
 * (capstone/runtime/launch.ts) with what production never has: a stand-in for each service whose URL is unset
 * (the embedded MongoDB engine or mongodb-memory-server, ioredis-mock, the in-memory broker and registry), demo
 * data, the start-up banner and `--mine`. Without AMQP_URL, api and worker share this process; with it, they run as
 * two child processes of this one (the in-memory broker cannot cross processes). The only workbook file that
 * imports the capstone (see .dependency-cruiser.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { InMemoryRegistry } from '../chapters/06-microservices/discovery/in-memory-registry.js';
import { InMemoryBroker } from '../chapters/06-microservices/in-memory-event-bus.js';
import type { GracefulShutdown } from '../chapters/08-production/graceful-shutdown.js';
import { createLogger } from '../chapters/08-production/logging.js';
import { resolveMongo, type MongoProviderName } from '../platform/mongo/provider.js';
import { connectRedis } from '../platform/redis/redis-provider.js';
import { seedDemoData } from '../capstone/api/demo-data.js';
import { startBanner } from '../capstone/banner.js';
import { CliUsageError, parseCliOptions, USAGE, type CliOptions } from '../capstone/cli-options.js';
import { ConfigError, loadConfig, type CapstoneConfig } from '../capstone/config.js';
import {
  describeSwapped,
  loadLearnerPorts,
  MineNotReadyError,
  type LearnerPorts,
} from '../capstone/mine/learner-ports.js';
import { mineExercises, MineUsageError } from '../capstone/mine/mine-chapters.js';
import {
  processShutdown,
  runInProcess,
  runRole,
  startOrShutDown,
  type LaunchOptions,
  type StartedMessage,
} from '../capstone/runtime/launch.js';
import type { BusChoice, ProviderSettings, RedisChoice, RegistryChoice } from '../capstone/runtime/providers.js';

/** Set by the parent for its children: the MongoDB provider it resolved, so they can name it. */
const PARENT_MONGO_PROVIDER = 'CAPSTONE_PARENT_MONGO_PROVIDER';
/** Set by the parent when it generated the JWT secret it hands its children. */
const PARENT_GENERATED_SECRET = 'CAPSTONE_PARENT_GENERATED_SECRET';

// #region stand-ins
/** ioredis-mock, loaded by the platform provider only here: one in-process Redis, shared by every client of it. */
export function redisStandIn(): RedisChoice {
  return {
    kind: 'stand-in',
    description: 'ioredis-mock (in-process stand-in; set REDIS_URL)',
    open: (options, log) => connectRedis({ url: '', options, log }),
  };
}

/** The in-memory broker, shared by every service of this process as RabbitMQ would be; its owner closes it. */
export function busStandIn(broker: InMemoryBroker): BusChoice {
  return {
    kind: 'stand-in',
    description: 'in-memory broker (in-process stand-in; set AMQP_URL)',
    async connect({ exchange }) {
      if (broker.exchange !== exchange)
        throw new RangeError(
          `the in-memory broker routes exchange "${broker.exchange}", not "${exchange}": make it with new InMemoryBroker(SERVICE_NAMESPACE)`,
        );
      return broker.connect();
    },
  };
}

/** The in-memory registry: instances of this process only, no lease expiry; its owner closes it. */
export function registryStandIn(registry: InMemoryRegistry): RegistryChoice {
  return { kind: 'stand-in', description: 'in-memory registry (in-process stand-in; set ETCD_URL)', registry };
}

/**
 * What `npm start` runs on: each service its URL names (it must answer), else its stand-in. Every stand-in opened
 * here is registered with `owner`, which closes it after the services that use it.
 */
export async function developmentProviders(
  config: CapstoneConfig,
  owner: Pick<GracefulShutdown, 'register'>,
  log: (line: string) => void,
): Promise<ProviderSettings> {
  const mongo = await resolveMongo({ log });
  owner.register('mongo provider', () => mongo.stop());
  const inherited = process.env[PARENT_MONGO_PROVIDER] as MongoProviderName | undefined;
  let bus: BusChoice;
  if (config.AMQP_URL) bus = { kind: 'rabbitmq', url: config.AMQP_URL };
  else {
    const broker = new InMemoryBroker(config.SERVICE_NAMESPACE);
    owner.register('in-memory broker', () => broker.close());
    bus = busStandIn(broker);
  }
  let registry: RegistryChoice;
  if (config.ETCD_URL) registry = { kind: 'etcd', url: config.ETCD_URL };
  else {
    const inMemory = new InMemoryRegistry();
    owner.register('in-memory registry', () => inMemory.close());
    registry = registryStandIn(inMemory);
  }
  return {
    mongo: { uri: mongo.uri, provider: inherited ?? mongo.provider, dbName: config.MONGODB_DB },
    redis: config.REDIS_URL ? { kind: 'redis', url: config.REDIS_URL } : redisStandIn(),
    bus,
    registry,
  };
}
// #endregion stand-ins

/** The launch options of `npm start`: stand-ins, demo data, and the learner's ports with `--mine`. */
function workbookLaunch(
  config: CapstoneConfig,
  mine: LearnerPorts | undefined,
  onStarted?: LaunchOptions['onStarted'],
  prefix = false,
): LaunchOptions {
  return {
    providers: async (shutdown) => {
      if (mine) shutdown.register('your exercise code', () => mine.close());
      return developmentProviders(config, shutdown, (line) => console.log(line));
    },
    api: {
      ...(config.SEED_DEMO_DATA ? { seed: (stores) => seedDemoData(stores) } : {}),
      ...(mine ? { ports: mine.api } : {}),
    },
    worker: mine ? { ports: mine.worker } : {},
    providerLog: (role, line) => console.log(prefix ? `[${role}] ${line}` : line),
    ...(onStarted ? { onStarted } : {}),
  };
}

/** A child process running one role, its output prefixed, and a promise of its start. */
class ChildService {
  readonly started: Promise<StartedMessage>;
  readonly exited: Promise<number>;
  readonly #child: ChildProcess;

  constructor(
    readonly role: 'api' | 'worker',
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.#child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`[${role}] ${line}`));
    }
    this.exited = once(this.#child, 'exit').then(([code, signal]) =>
      typeof code === 'number' ? code : signal ? 128 + 15 : 1,
    );
    this.started = new Promise<StartedMessage>((resolve, reject) => {
      this.#child.on('message', (message: StartedMessage) => {
        if (message.kind === 'started') resolve(message);
      });
      void this.exited.then((code) =>
        reject(new Error(`the ${role} process exited with code ${code} before it started`)),
      );
    });
    this.started.catch(() => undefined); // awaited by the parent; an early exit must not be an unhandled rejection
  }

  /** Asks the child to shut down (SIGTERM) and waits; rejects when it did not end cleanly. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    const code = await this.exited;
    if (code !== 0) throw new Error(`the ${this.role} process exited with code ${code}`);
  }
}

// #region two-processes
/**
 * AMQP_URL set: the api and the worker run as two child processes, as they would in production. This process
 * resolves MongoDB once (the embedded engine serves both children over TCP), hands them one JWT secret, prefixes
 * their output, stops them on Ctrl-C, and ends when they have; if one dies, it stops the other and exits 1.
 */
async function runTwoProcesses(config: CapstoneConfig, cli: CliOptions): Promise<void> {
  const log = createLogger({ service: 'orders-start', level: config.LOG_LEVEL });
  const shutdown = processShutdown(config, log);
  await startOrShutDown(shutdown, log, async () => {
    const mongo = await resolveMongo({ log: (line) => console.log(line) });
    shutdown.register('mongo provider', () => mongo.stop());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MONGODB_URI: mongo.uri,
      [PARENT_MONGO_PROVIDER]: mongo.provider,
      ...(config.generatedSecret
        ? { AUTH_JWT_SECRET: config.AUTH_JWT_SECRET.toString('base64'), [PARENT_GENERATED_SECRET]: '1' }
        : {}),
    };
    if (!config.REDIS_URL) {
      console.log(
        "note: REDIS_URL is unset, so each process has its own ioredis-mock: the worker's stock changes reach the api's cached product lists only when they expire (60 s). Set REDIS_URL to share one Redis.",
      );
    }
    const watch = (child: ChildService): void => {
      void child.exited.then((code) => {
        if (shutdown.state !== 'running') return;
        console.error(`The ${child.role} process exited unexpectedly (code ${code}); stopping the service.`);
        void shutdown.shutdown(`${child.role} exited`).then(() => (process.exitCode = 1));
      });
    };
    // The children load the learner's code again (this process already checked it) and swap it in.
    const mine = cli.mine === undefined ? [] : ['--mine', cli.mine];
    const worker = new ChildService('worker', ['--worker-only', '--port', '0', ...mine], env);
    shutdown.register('worker process', () => worker.stop());
    const startedWorker = await worker.started;
    watch(worker);
    const api = new ChildService('api', ['--api-only', '--port', String(cli.port ?? config.PORT), ...mine], env);
    shutdown.register('api process', () => api.stop());
    const startedApi = await api.started;
    watch(api);
    console.log(
      startBanner({
        url: startedApi.url ?? '',
        providers: startedApi.providers,
        mode: 'api and worker as separate processes',
        seeded: config.SEED_DEMO_DATA,
        generatedSecret: config.generatedSecret,
        ...(startedWorker.invoiceBuilder ? { invoiceBuilder: startedWorker.invoiceBuilder } : {}),
        workerUrl: startedWorker.url,
      }),
    );
  });
}
// #endregion two-processes

/** One role, alone or as a child of `runTwoProcesses` (which prints the banner from the IPC message). */
function runOneRole(
  config: CapstoneConfig,
  cli: CliOptions,
  role: 'api' | 'worker',
  mine: LearnerPorts | undefined,
): Promise<void> {
  if (!config.MONGODB_URI)
    console.log(
      `note: MONGODB_URI is unset, so this ${role} has a database of its own; point every instance at one MongoDB to share it`,
    );
  if (!config.AMQP_URL)
    console.log(
      `note: AMQP_URL is unset, so this ${role} has a private in-memory broker; set AMQP_URL to reach other instances`,
    );
  const generatedSecret = config.generatedSecret || process.env[PARENT_GENERATED_SECRET] === '1';
  return runRole(
    config,
    cli,
    role,
    workbookLaunch(config, mine, ({ api, worker }) => {
      if (process.send) return;
      if (api)
        console.log(
          startBanner({
            url: api.url,
            providers: api.providers,
            mode: 'api only',
            seeded: config.SEED_DEMO_DATA,
            generatedSecret,
          }),
        );
      if (worker)
        console.log(
          `Orders worker consuming${worker.url ? `; health and metrics at ${worker.url}` : ''}. Press Ctrl-C to stop.`,
        );
    }),
  );
}

async function main(): Promise<void> {
  let cli: CliOptions;
  let config: CapstoneConfig;
  let mine: LearnerPorts | undefined;
  try {
    cli = parseCliOptions(process.argv.slice(2));
    if (cli.help) {
      console.log(USAGE);
      return;
    }
    config = loadConfig(process.env);
    if (cli.mine !== undefined) {
      // Before anything opens: a stub that still throws its TodoError stops here, naming the exercise.
      mine = await loadLearnerPorts(mineExercises(cli.mine), { invoiceThreads: config.INVOICE_WORKER_THREADS });
      if (!process.send) console.log(describeSwapped(mine.swapped));
    }
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof ConfigError || error instanceof MineUsageError) {
      console.error(`${error.message}\n\nRun \`npm start -- --help\` for the options.`);
      process.exitCode = 1;
      return;
    }
    if (error instanceof MineNotReadyError) {
      console.error(`The orders service did not start.\n${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  if (cli.role !== 'all') return runOneRole(config, cli, cli.role, mine);
  if (config.AMQP_URL) return runTwoProcesses(config, cli);
  const { SEED_DEMO_DATA: seeded, generatedSecret } = config;
  const printBanner: LaunchOptions['onStarted'] = ({ api, worker }) => {
    if (!api) return;
    const banner = {
      url: api.url,
      providers: api.providers,
      mode: 'api and worker in one process',
      seeded,
      generatedSecret,
    };
    console.log(startBanner({ ...banner, ...(worker ? { invoiceBuilder: worker.invoiceBuilder } : {}) }));
  };
  return runInProcess(config, cli, workbookLaunch(config, mine, printBanner, true));
}

// Imported by tests and tools for its stand-ins; run by `npm start` (and by itself for its two children).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
