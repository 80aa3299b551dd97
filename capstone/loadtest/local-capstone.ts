/**
 * The whole orders service (api and worker) in this process on loopback, for the load gate and the benchmark: the
 * services the environment names (REDIS_URL, AMQP_URL, MONGODB_URI), else the stand-ins, as `npm start` chooses.
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../chapters/08-production/logging.js';
import { createMetrics, type Metrics } from '../../chapters/08-production/metrics.js';
import { GracefulShutdown } from '../../chapters/08-production/graceful-shutdown.js';
import { developmentProviders } from '../../workbook/start.js';
import { seedDemoData } from '../api/demo-data.js';
import { createApiRoot, type StartedApi } from '../api/composition-root.js';
import { loadConfig } from '../config.js';
import { createWorkerRoot } from '../worker/composition-root.js';

export interface LocalCapstone extends StartedApi {
  /** The registry api and worker share: what `/metrics` serves, readable in this process without rendering it. */
  readonly metrics: Metrics;
  stop(): Promise<void>;
}

/**
 * Starts api and worker on 127.0.0.1 and a free port, with a database and a namespace of their own, quiet logs,
 * and rate limits raised out of the way (a load test from one address measures the service, not the limiter).
 */
export async function startLocalCapstone(
  options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<LocalCapstone> {
  const suffix = randomBytes(3).toString('hex');
  const config = loadConfig({
    ...(options.env ?? process.env),
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SCRYPT_LOG2_COST: '10',
    SEED_DEMO_DATA: 'true',
    MONGODB_DB: `loadtest_${suffix}`,
    SERVICE_NAMESPACE: `loadtest-${suffix}`,
    RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
    RATE_LIMIT_API_PER_MINUTE: '10000000',
  });
  const log = options.log ?? ((): void => undefined);
  // Owns the stand-ins `npm start` would open (MongoDB engine, broker, registry) and closes them after the services.
  const standIns = new GracefulShutdown({ drainTimeoutMs: 1_000, resourceTimeoutMs: 10_000 });
  const providers = await developmentProviders(config, standIns, log);
  const metrics = createMetrics({ defaultLabels: { service: 'orders' } });
  const quiet = { logger: createLogger({ level: 'silent' }), providerLog: log };
  const worker = createWorkerRoot({ config, providers, metrics, ...quiet });
  const api = createApiRoot({ config, providers, metrics, seed: seedDemoData, ...quiet });
  // Each root closes what it opened when its own start fails; a started worker is stopped here if the api fails.
  let started: StartedApi;
  try {
    await worker.start();
    try {
      started = await api.start();
    } catch (error) {
      await worker.stop();
      throw error;
    }
  } catch (error) {
    metrics.close();
    await standIns.shutdown('start-up failed');
    throw error;
  }
  return {
    ...started,
    metrics,
    async stop() {
      await api.stop();
      await worker.stop();
      metrics.close();
      await standIns.shutdown('stopped');
    },
  };
}
