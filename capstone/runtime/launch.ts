/**
 * How `capstone/main.ts` runs the services: both in this process (embedded defaults), one role per process
 * (`--api-only`, `--worker-only`), or as a supervisor of two child processes (AMQP_URL set). Each binds Chapter 8's
 * graceful shutdown to this process; nothing here calls `process.exit`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { handleProcessShutdown, type GracefulShutdown } from '../../chapters/08-production/graceful-shutdown.js';
import { createLogger, type Logger } from '../../chapters/08-production/logging.js';
import { createMetrics } from '../../chapters/08-production/metrics.js';
import { InMemoryRegistry } from '../../chapters/06-microservices/discovery/in-memory-registry.js';
import { InMemoryBroker } from '../../chapters/06-microservices/in-memory-event-bus.js';
import { resolveMongo, type MongoProviderName } from '../../platform/mongo/provider.js';
import { createApiRoot, type StartedApi } from '../api/composition-root.js';
import { startBanner } from '../banner.js';
import type { CliOptions } from '../cli-options.js';
import type { CapstoneConfig } from '../config.js';
import type { LearnerPorts } from '../mine/learner-ports.js';
import { createWorkerRoot } from '../worker/composition-root.js';
import { providersFromEnv, type MongoChoice } from './providers.js';
import type { ServiceControl } from './service-lifecycle.js';

/** Set by the supervisor for its children: the MongoDB provider it resolved, so they can name it. */
const PARENT_MONGO_PROVIDER = 'CAPSTONE_PARENT_MONGO_PROVIDER';
/** Set by the supervisor when it generated the JWT secret it hands its children. */
const PARENT_GENERATED_SECRET = 'CAPSTONE_PARENT_GENERATED_SECRET';

/** What a child process tells its supervisor once it serves. */
export interface StartedMessage {
  readonly kind: 'started';
  readonly role: 'api' | 'worker';
  readonly url: string | undefined;
  readonly providers: Record<string, string>;
  readonly invoiceBuilder?: string;
}

// #region process-shutdown
/**
 * Chapter 8's shutdown bound to this process. Each service drains within SHUTDOWN_DRAIN_MS; closing one whole service
 * gets that plus time for its resources. A process that serves the api (`api`) first turns readiness false and keeps
 * accepting for SHUTDOWN_READINESS_DELAY_MS: closing the listener at the signal would reset every connection still in
 * the kernel's accept queue, and a load balancer may still be routing here. (The Kubernetes manifest sets the delay
 * instead of a preStop sleep.)
 */
function processShutdown(config: CapstoneConfig, log: Logger, api?: () => ServiceControl<unknown> | undefined): GracefulShutdown {
  return handleProcessShutdown({
    log,
    resourceTimeoutMs: config.SHUTDOWN_DRAIN_MS + 10_000,
    exitWatchdogMs: 5_000,
    ...(api ? { readinessDelayMs: config.SHUTDOWN_READINESS_DELAY_MS, onShutdownStart: () => api()?.markNotReady?.() } : {}),
  });
}
// #endregion process-shutdown

async function resolveMongoChoice(config: CapstoneConfig, log: (line: string) => void): Promise<{ choice: MongoChoice; stop: () => Promise<void> }> {
  const handle = await resolveMongo({ log });
  const inherited = process.env[PARENT_MONGO_PROVIDER] as MongoProviderName | undefined;
  return { choice: { uri: handle.uri, provider: inherited ?? handle.provider, dbName: config.MONGODB_DB }, stop: () => handle.stop() };
}

/** Starts, and on failure shuts down what started and sets exit code 1; a signal during start-up is not a failure. */
async function startOrShutDown<T>(shutdown: GracefulShutdown, log: Logger, start: () => Promise<T>): Promise<T | undefined> {
  try {
    return await start();
  } catch (error) {
    if (shutdown.state !== 'running') return undefined; // Ctrl-C while starting: the shutdown reports itself
    log.error({ err: error }, 'start-up failed');
    console.error(`\nThe orders service did not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown.shutdown('start-up failed');
    process.exitCode = 1;
    return undefined;
  }
}

// #region in-process
/** Embedded defaults: api and worker in this process, sharing one in-memory broker and one MongoDB. */
export async function runInProcess(config: CapstoneConfig, cli: CliOptions, mine?: LearnerPorts): Promise<void> {
  const log = createLogger({ service: 'orders', level: config.LOG_LEVEL });
  let api: ServiceControl<StartedApi> | undefined;
  const shutdown = processShutdown(config, log, () => api);
  const startedAt = performance.now();
  await startOrShutDown(shutdown, log, async () => {
    if (mine) shutdown.register('your exercise code', () => mine.close());
    const mongo = await resolveMongoChoice(config, (line) => console.log(line));
    shutdown.register('mongo provider', mongo.stop);
    const broker = new InMemoryBroker(config.SERVICE_NAMESPACE);
    shutdown.register('in-memory broker', () => broker.close());
    const registry = new InMemoryRegistry();
    shutdown.register('in-memory registry', () => registry.close());
    const providers = providersFromEnv(mongo.choice, config, { broker, registry });
    // One registry for both services: `/metrics` on the api shows the worker's counters too.
    const metrics = createMetrics({ defaultLabels: { service: 'orders' } });
    shutdown.register('metrics', () => metrics.close());
    const worker = createWorkerRoot({ config, providers, metrics, providerLog: (line) => console.log(`[worker] ${line}`), ...(mine ? { ports: mine.worker } : {}) });
    shutdown.register('worker', async () => void (await worker.stop()));
    const startedWorker = await worker.start();
    const control = createApiRoot({ config: { ...config, PORT: cli.port ?? config.PORT }, providers, metrics, providerLog: (line) => console.log(`[api] ${line}`), ...(mine ? { ports: mine.api } : {}) });
    api = control;
    shutdown.register('api', async () => void (await control.stop()));
    const started = await control.start();
    console.log(
      startBanner({
        url: started.url,
        providers: started.providers,
        mode: 'api and worker in one process',
        seeded: config.SEED_DEMO_DATA,
        generatedSecret: config.generatedSecret,
        invoiceBuilder: startedWorker.invoiceBuilder,
      }),
    );
    log.info({ startupMs: Math.round(performance.now() - startedAt) }, 'started');
  });
}
// #endregion in-process

/** One role in this process: an extra instance, or a child of the supervisor (which listens on the IPC channel). */
export async function runRole(config: CapstoneConfig, cli: CliOptions, role: 'api' | 'worker', mine?: LearnerPorts): Promise<void> {
  const log = createLogger({ service: `orders-${role}`, level: config.LOG_LEVEL });
  let api: ServiceControl<StartedApi> | undefined;
  const shutdown = processShutdown(config, log, role === 'api' ? () => api : undefined);
  if (process.send) {
    // A supervised child: the parent going away (even by SIGKILL) closes the channel; shut down rather than linger.
    process.on('disconnect', () => void shutdown.shutdown('supervisor disconnected'));
    process.channel?.unref();
  }
  await startOrShutDown(shutdown, log, async () => {
    if (!config.MONGODB_URI) console.log(`note: MONGODB_URI is unset, so this ${role} has a database of its own; point every instance at one MongoDB to share it`);
    if (!config.AMQP_URL) console.log(`note: AMQP_URL is unset, so this ${role} has a private in-memory broker; set AMQP_URL to reach other instances`);
    if (mine) shutdown.register('your exercise code', () => mine.close());
    const mongo = await resolveMongoChoice(config, (line) => console.log(line));
    shutdown.register('mongo provider', mongo.stop);
    const registry = new InMemoryRegistry(); // used only when ETCD_URL is unset
    shutdown.register('in-memory registry', () => registry.close());
    const providers = providersFromEnv(mongo.choice, config, { registry });
    const providerLog = (line: string): void => console.log(line);
    const generatedSecret = process.env[PARENT_GENERATED_SECRET] === '1';
    let message: StartedMessage;
    if (role === 'api') {
      const control = createApiRoot({ config: { ...config, PORT: cli.port ?? config.PORT }, providers, providerLog, ...(mine ? { ports: mine.api } : {}) });
      api = control;
      shutdown.register('api', async () => void (await control.stop()));
      const started = await control.start();
      message = { kind: 'started', role, url: started.url, providers: started.providers };
      if (!process.send) console.log(startBanner({ url: started.url, providers: started.providers, mode: 'api only', seeded: config.SEED_DEMO_DATA, generatedSecret: config.generatedSecret || generatedSecret }));
    } else {
      const worker = createWorkerRoot({ config, providers, providerLog, ...(cli.port === undefined ? {} : { httpPort: cli.port }), ...(mine ? { ports: mine.worker } : {}) });
      shutdown.register('worker', async () => void (await worker.stop()));
      const started = await worker.start();
      message = { kind: 'started', role, url: started.url, providers: started.providers, invoiceBuilder: started.invoiceBuilder };
      if (!process.send) console.log(`Orders worker consuming${started.url ? `; health and metrics at ${started.url}` : ''}. Press Ctrl-C to stop.`);
    }
    process.send?.(message);
  });
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
    const entry = new URL('../main' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
    this.#child = spawn(process.execPath, [...process.execArgv, entry.pathname, ...args], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`[${role}] ${line}`));
    }
    this.exited = once(this.#child, 'exit').then(([code, signal]) => (typeof code === 'number' ? code : signal ? 128 + 15 : 1));
    this.started = new Promise<StartedMessage>((resolve, reject) => {
      this.#child.on('message', (message: StartedMessage) => {
        if (message.kind === 'started') resolve(message);
      });
      void this.exited.then((code) => reject(new Error(`the ${role} process exited with code ${code} before it started`)));
    });
    this.started.catch(() => undefined); // awaited by the supervisor; an early exit must not be an unhandled rejection
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Asks the child to shut down (SIGTERM) and waits; rejects when it did not end cleanly. */
  async stop(): Promise<void> {
    if (this.running) this.#child.kill('SIGTERM');
    const code = await this.exited;
    if (code !== 0) throw new Error(`the ${this.role} process exited with code ${code}`);
  }
}

// #region supervisor
/**
 * AMQP_URL set: the api and the worker run as two processes, as they would in production. This process resolves
 * MongoDB once (the embedded engine serves both children over TCP), hands them one JWT secret, prefixes their
 * output, stops them on Ctrl-C, and ends when they have.
 */
export async function runSupervisor(config: CapstoneConfig, cli: CliOptions): Promise<void> {
  const log = createLogger({ service: 'orders-supervisor', level: config.LOG_LEVEL });
  const shutdown = processShutdown(config, log);
  const startedAt = performance.now();
  await startOrShutDown(shutdown, log, async () => {
    const mongo = await resolveMongoChoice(config, (line) => console.log(line));
    shutdown.register('mongo provider', mongo.stop);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MONGODB_URI: mongo.choice.uri,
      [PARENT_MONGO_PROVIDER]: mongo.choice.provider,
      ...(config.generatedSecret ? { AUTH_JWT_SECRET: config.AUTH_JWT_SECRET.toString('base64'), [PARENT_GENERATED_SECRET]: '1' } : {}),
    };
    if (!config.REDIS_URL) {
      console.log('note: REDIS_URL is unset, so each process has its own ioredis-mock: the worker\'s stock changes reach the api\'s cached product lists only when they expire (60 s). Set REDIS_URL to share one Redis.');
    }
    const children: ChildService[] = [];
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
    children.push(worker);
    shutdown.register('worker process', () => worker.stop());
    const startedWorker = await worker.started;
    watch(worker);
    const api = new ChildService('api', ['--api-only', '--port', String(cli.port ?? config.PORT), ...mine], env);
    children.push(api);
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
    log.info({ startupMs: Math.round(performance.now() - startedAt) }, 'started');
  });
}
// #endregion supervisor
