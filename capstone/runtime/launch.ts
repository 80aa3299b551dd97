/**
 * How a process runs the services: both in this process, or one role (`--api-only`, `--worker-only`), each bound to
 * Chapter 8's graceful shutdown. Which services they talk to is the caller's choice (`LaunchOptions.providers`):
 * `capstone/main.ts` passes the real ones its configuration names, the workbook's `npm start` its stand-ins.
 * Restarting a process that died is the platform's job (Compose, Kubernetes); nothing here supervises or calls
 * `process.exit`.
 */
import type { GracefulShutdown } from '../../chapters/08-production/graceful-shutdown.js';
import { handleProcessShutdown } from '../../chapters/08-production/process-shutdown.js';
import { createLogger, type Logger } from '../../chapters/08-production/logging.js';
import { createMetrics } from '../../chapters/08-production/metrics.js';
import { createApiRoot, type ApiRootOptions, type StartedApi } from '../api/composition-root.js';
import type { CliOptions } from '../cli-options.js';
import type { CapstoneConfig } from '../config.js';
import { createWorkerRoot, type StartedWorker, type WorkerRootOptions } from '../worker/composition-root.js';
import type { ProviderSettings } from './providers.js';
import type { ServiceControl } from './service-lifecycle.js';

/** What a process tells a parent on its IPC channel once it serves (when it has one: a supervisor, a test). */
export interface StartedMessage {
  readonly kind: 'started';
  readonly role: 'api' | 'worker';
  readonly url: string | undefined;
  readonly providers: Record<string, string>;
  readonly invoiceBuilder?: string;
}

/** What the services of one process started, for the caller's own start-up output. */
export interface StartedServices {
  readonly api?: StartedApi;
  readonly worker?: StartedWorker;
  readonly startupMs: number;
}

export interface LaunchOptions {
  /**
   * The services to talk to. Anything it opens (a stand-in) it registers with `shutdown`, so it closes after the
   * services that use it.
   */
  readonly providers: (shutdown: GracefulShutdown) => Promise<ProviderSettings>;
  readonly api?: Pick<ApiRootOptions, 'ports' | 'seed'>;
  readonly worker?: Pick<WorkerRootOptions, 'ports'>;
  /** Lines naming each provider as it connects (default: each service's logger). */
  readonly providerLog?: (role: 'api' | 'worker', line: string) => void;
  /** Called once everything serves. */
  readonly onStarted?: (started: StartedServices) => void;
}

// #region process-shutdown
/**
 * Chapter 8's shutdown bound to this process. Each service drains within SHUTDOWN_DRAIN_MS; closing one whole service
 * gets that plus time for its resources. A process that serves the api (`api`) first turns readiness false and keeps
 * accepting for SHUTDOWN_READINESS_DELAY_MS: closing the listener at the signal would reset every connection still in
 * the kernel's accept queue, and a load balancer may still be routing here. (The Kubernetes manifest sets the delay
 * instead of a preStop sleep.)
 */
export function processShutdown(
  config: CapstoneConfig,
  log: Logger,
  api?: () => ServiceControl<unknown> | undefined,
): GracefulShutdown {
  return handleProcessShutdown({
    log,
    resourceTimeoutMs: config.SHUTDOWN_DRAIN_MS + 10_000,
    exitWatchdogMs: 5_000,
    ...(api
      ? { readinessDelayMs: config.SHUTDOWN_READINESS_DELAY_MS, onShutdownStart: () => api()?.markNotReady?.() }
      : {}),
  });
}
// #endregion process-shutdown

/** Starts, and on failure shuts down what started and sets exit code 1; a signal during start-up is not a failure. */
export async function startOrShutDown<T>(
  shutdown: GracefulShutdown,
  log: Logger,
  start: () => Promise<T>,
): Promise<T | undefined> {
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

const providerLogFor = (options: LaunchOptions, role: 'api' | 'worker'): { providerLog?: (line: string) => void } =>
  options.providerLog ? { providerLog: (line: string) => options.providerLog?.(role, line) } : {};

// #region in-process
/** Api and worker in this process, sharing one metrics registry (so `/metrics` on the api shows the worker's too). */
export async function runInProcess(config: CapstoneConfig, cli: CliOptions, options: LaunchOptions): Promise<void> {
  const log = createLogger({ service: 'orders', level: config.LOG_LEVEL });
  let api: ServiceControl<StartedApi> | undefined;
  const shutdown = processShutdown(config, log, () => api);
  const startedAt = performance.now();
  await startOrShutDown(shutdown, log, async () => {
    const providers = await options.providers(shutdown);
    const metrics = createMetrics({ defaultLabels: { service: 'orders' } });
    shutdown.register('metrics', () => metrics.close());
    const worker = createWorkerRoot({
      config,
      providers,
      metrics,
      ...providerLogFor(options, 'worker'),
      ...options.worker,
    });
    shutdown.register('worker', async () => void (await worker.stop()));
    const startedWorker = await worker.start();
    const control = createApiRoot({
      config: { ...config, PORT: cli.port ?? config.PORT },
      providers,
      metrics,
      ...providerLogFor(options, 'api'),
      ...options.api,
    });
    api = control;
    shutdown.register('api', async () => void (await control.stop()));
    const startedApi = await control.start();
    const startupMs = Math.round(performance.now() - startedAt);
    log.info({ url: startedApi.url, startupMs }, 'started');
    options.onStarted?.({ api: startedApi, worker: startedWorker, startupMs });
  });
}
// #endregion in-process

// #region role
/** One role in this process: one replica of a Deployment, or a child of a parent that listens on the IPC channel. */
export async function runRole(
  config: CapstoneConfig,
  cli: CliOptions,
  role: 'api' | 'worker',
  options: LaunchOptions,
): Promise<void> {
  const log = createLogger({ service: `orders-${role}`, level: config.LOG_LEVEL });
  let api: ServiceControl<StartedApi> | undefined;
  const shutdown = processShutdown(config, log, role === 'api' ? () => api : undefined);
  if (process.send) {
    // A child of another process: the parent going away (even by SIGKILL) closes the channel; shut down rather than linger.
    process.on('disconnect', () => void shutdown.shutdown('parent disconnected'));
    process.channel?.unref();
  }
  const startedAt = performance.now();
  await startOrShutDown(shutdown, log, async () => {
    const providers = await options.providers(shutdown);
    let message: StartedMessage;
    let started: StartedServices;
    if (role === 'api') {
      const control = createApiRoot({
        config: { ...config, PORT: cli.port ?? config.PORT },
        providers,
        ...providerLogFor(options, 'api'),
        ...options.api,
      });
      api = control;
      shutdown.register('api', async () => void (await control.stop()));
      const startedApi = await control.start();
      message = { kind: 'started', role, url: startedApi.url, providers: startedApi.providers };
      started = { api: startedApi, startupMs: Math.round(performance.now() - startedAt) };
    } else {
      const worker = createWorkerRoot({
        config,
        providers,
        ...providerLogFor(options, 'worker'),
        ...(cli.port === undefined ? {} : { httpPort: cli.port }),
        ...options.worker,
      });
      shutdown.register('worker', async () => void (await worker.stop()));
      const startedWorker = await worker.start();
      message = {
        kind: 'started',
        role,
        url: startedWorker.url,
        providers: startedWorker.providers,
        invoiceBuilder: startedWorker.invoiceBuilder,
      };
      started = { worker: startedWorker, startupMs: Math.round(performance.now() - startedAt) };
    }
    log.info({ url: message.url, startupMs: started.startupMs }, 'started');
    process.send?.(message);
    options.onStarted?.(started);
  });
}
// #endregion role
